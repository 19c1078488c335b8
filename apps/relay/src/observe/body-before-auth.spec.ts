import { Controller, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import { BodyBeforeAuthGuard, ValidateBodyBeforeAuth, ValidatedBody } from './body-before-auth';

class BadBody extends Error {}

@Injectable()
class ArrayPipe implements PipeTransform {
  calls = 0;
  transform(body: unknown): unknown[] {
    this.calls++;
    if (!Array.isArray(body)) throw new BadBody('body must be an array');
    return body as unknown[];
  }
}

@Controller()
class TestController {
  @ValidateBodyBeforeAuth(ArrayPipe) withBody(@ValidatedBody() _body: unknown) {}
  plain() {}
}

/** A minimal HTTP ExecutionContext for calling the guard by hand. */
function context(handler: keyof TestController, request: object): ExecutionContext {
  const http = { getRequest: () => request, getResponse: () => ({}), getNext: () => () => {} };
  return {
    getType: () => 'http',
    getClass: () => TestController,
    getHandler: () => TestController.prototype[handler],
    switchToHttp: () => http,
  } as unknown as ExecutionContext;
}

describe(BodyBeforeAuthGuard.name, () => {
  let moduleRef: TestingModule;
  let sut: BodyBeforeAuthGuard;
  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      providers: [ArrayPipe, BodyBeforeAuthGuard],
    }).compile();
    sut = moduleRef.get(BodyBeforeAuthGuard);
  });
  afterEach(() => moduleRef.close());

  it('runs the route pipe, the instance the app registered, over the body', async () => {
    await expect(sut.canActivate(context('withBody', { body: ['a'] }))).resolves.toBe(true);
    await expect(sut.canActivate(context('withBody', { body: {} }))).rejects.toBeInstanceOf(
      BadBody,
    );
    expect(moduleRef.get(ArrayPipe).calls).toBe(2);
  });

  it('lets a route without the decorator through untouched, without a promise', () => {
    const request = { body: 'anything' };
    expect(sut.canActivate(context('plain', request))).toBe(true);
    expect(sut.canActivate(context('plain', request))).toBe(true);
    expect(request).toEqual({ body: 'anything' });
    expect(moduleRef.get(ArrayPipe).calls).toBe(0);
  });

  it("reads a route's metadata once, however many requests it answers", async () => {
    const read = jest.spyOn(moduleRef.get(Reflector), 'getAllAndOverride');
    for (let i = 0; i < 3; i++) {
      await sut.canActivate(context('withBody', { body: [i] }));
      await sut.canActivate(context('plain', {}));
    }
    expect(read).toHaveBeenCalledTimes(2);
    expect(moduleRef.get(ArrayPipe).calls).toBe(3);
  });

  it('leaves what the pipe returned for @ValidatedBody(), which needs the guard to have run', async () => {
    const body = ['a'];
    const request = { body };
    await sut.canActivate(context('withBody', request));
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, TestController, 'withBody');
    const { factory } = Object.values(args)[0] as { factory: (d: unknown, c: unknown) => unknown };
    expect(factory(undefined, context('withBody', request))).toBe(body);
    expect(() => factory(undefined, context('withBody', { body }))).toThrow(/No validated body/);
  });
});
