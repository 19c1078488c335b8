import { Controller, Injectable, PipeTransform } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Test, TestingModule } from '@nestjs/testing';
import { sign } from 'jsonwebtoken';
import { AuthException } from './auth.exception';
import { AuthModuleOptions } from './auth.interfaces';
import {
  AUTH_REASONS,
  AuthModule,
  AuthService,
  JwtAuthGuard,
  Principal,
  Public,
  ValidateBodyBeforeAuth,
  ValidatedBody,
} from './index';
import { expectRefusal } from './testing/auth-assertions';
import { httpContext } from './testing/execution-context';
import { jwksOptions } from './testing/jwks-test.server';

const SECRET = 'guard-spec-secret-guard-spec-secret';
const OPTIONS: AuthModuleOptions = { ...jwksOptions('jwks.test'), mode: 'secret', secret: SECRET };

class BadBody extends Error {}
const checkArray = (body: unknown): unknown[] => {
  if (!Array.isArray(body)) throw new BadBody('body must be an array');
  return body as unknown[];
};
@Injectable()
class RegisteredPipe implements PipeTransform {
  calls = 0;
  transform(body: unknown): unknown[] {
    this.calls++;
    return checkArray(body);
  }
}
class UnregisteredPipe implements PipeTransform {
  transform = checkArray;
}

@Controller()
class TestController {
  @Public() open() {}
  guarded(@Principal() _principal: unknown) {}
  @ValidateBodyBeforeAuth(RegisteredPipe) withBody(@ValidatedBody() _body: unknown) {}
  @ValidateBodyBeforeAuth(UnregisteredPipe) withUnregisteredPipe() {}
}
@Public()
@Controller()
class OpenController {
  anything() {}
}

describe(JwtAuthGuard.name, () => {
  let moduleRef: TestingModule;
  let sut: JwtAuthGuard;
  const token = (claims: object = { key: 'otx-key' }) =>
    sign(claims, SECRET, { algorithm: 'HS256' });
  const request = (authorization?: string, body: unknown = [], host = 'relay.test:3000') => ({
    protocol: 'http',
    headers: { host, ...(authorization === undefined ? {} : { authorization }) },
    body,
  });

  async function setUp(options: AuthModuleOptions = OPTIONS) {
    moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot(options)],
      providers: [RegisteredPipe],
    }).compile();
    sut = moduleRef.get(JwtAuthGuard);
  }
  beforeEach(() => setUp());
  afterEach(() => moduleRef.close());

  it('lets @Public() routes and controllers through without reading any token', () => {
    const authenticate = jest.spyOn(moduleRef.get(AuthService), 'authenticate');
    // Answered at once, not as a promise: nothing to wait for on a public route.
    expect(sut.canActivate(httpContext(TestController, 'open', request()))).toBe(true);
    const ctx = httpContext(OpenController, 'anything', request('Basic x'));
    expect(sut.canActivate(ctx)).toBe(true);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('denies by default: no token, no entry', async () => {
    const ctx = httpContext(TestController, 'guarded', request());
    await expectRefusal(Promise.resolve(sut.canActivate(ctx)), AUTH_REASONS.headerMissing);
  });

  it('attaches the principal, which @Principal() returns', async () => {
    const req = request(`Bearer ${token({ key: 'k1', CTR_ENTITIES_LIMIT: 7 })}`);
    await expect(sut.canActivate(httpContext(TestController, 'guarded', req))).resolves.toBe(true);
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, TestController, 'guarded');
    const { factory } = Object.values(args)[0] as { factory: (d: unknown, c: unknown) => unknown };
    const ctx = httpContext(TestController, 'guarded', req);
    expect(factory(undefined, ctx)).toEqual({ apiKey: 'k1', entitiesLimit: 7 });
    expect(() => factory(undefined, httpContext(TestController, 'guarded', request()))).toThrow(
      /No AuthPrincipal/,
    );
  });

  it('expects the request URL root as audience when none is configured', async () => {
    const aud = token({ key: 'k', aud: 'http://relay.test:3000' });
    const ok = httpContext(TestController, 'guarded', request(`Bearer ${aud}`));
    await expect(sut.canActivate(ok)).resolves.toBe(true);
    const elsewhere = request(`Bearer ${aud}`, [], 'other.test');
    const ctx = httpContext(TestController, 'guarded', elsewhere);
    await expectRefusal(Promise.resolve(sut.canActivate(ctx)), AUTH_REASONS.audienceWrong);
  });

  it('expects the configured audience when there is one', async () => {
    await moduleRef.close();
    await setUp({ ...OPTIONS, audience: 'https://relay.example' });
    const req = request(`Bearer ${token({ key: 'k', aud: 'https://relay.example' })}`, [], 'x');
    await expect(sut.canActivate(httpContext(TestController, 'guarded', req))).resolves.toBe(true);
  });

  it.each(['withBody', 'withUnregisteredPipe'])(
    '%s: reports an invalid body before a missing token',
    async (handler) => {
      const bad = httpContext(TestController, handler, request(undefined, { not: 'an array' }));
      await expect(sut.canActivate(bad)).rejects.toBeInstanceOf(BadBody);
      const noToken = httpContext(TestController, handler, request(undefined, []));
      await expect(sut.canActivate(noToken)).rejects.toBeInstanceOf(AuthException);
      const good = httpContext(TestController, handler, request(`Bearer ${token()}`, []));
      await expect(sut.canActivate(good)).resolves.toBe(true);
    },
  );

  it('runs the registered pipe instance from the module', async () => {
    const ctx = httpContext(TestController, 'withBody', request(`Bearer ${token()}`, []));
    await sut.canActivate(ctx);
    expect(moduleRef.get(RegisteredPipe).calls).toBe(1);
  });

  it('leaves what the pipe returned for @ValidatedBody(), which needs the guard to have run', async () => {
    const body = ['a'];
    const req = request(`Bearer ${token()}`, body);
    await sut.canActivate(httpContext(TestController, 'withBody', req));
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, TestController, 'withBody');
    const { factory } = Object.values(args)[0] as { factory: (d: unknown, c: unknown) => unknown };
    expect(factory(undefined, httpContext(TestController, 'withBody', req))).toBe(body);
    expect(moduleRef.get(RegisteredPipe).calls).toBe(1);
    const unguarded = httpContext(TestController, 'withBody', request(undefined, body));
    expect(() => factory(undefined, unguarded)).toThrow(/No validated body/);
  });
});
