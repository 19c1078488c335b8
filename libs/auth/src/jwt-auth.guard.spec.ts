import { Controller, Logger } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { JwtService } from '@nestjs/jwt';
import { Test, TestingModule } from '@nestjs/testing';
import { sign } from 'jsonwebtoken';
import { AuthModuleOptions } from './auth.interfaces';
import { AUTH_REASONS, AuthModule, AuthService, JwtAuthGuard, Principal, Public } from './index';
import { expectRefusal } from './testing/auth-assertions';
import { httpContext } from './testing/execution-context';
import { jwksOptions, JwksTestServer, makeTestKey, signRs256 } from './testing/jwks-test.server';

const SECRET = 'guard-spec-secret-guard-spec-secret';
const OPTIONS: AuthModuleOptions = { ...jwksOptions('jwks.test'), mode: 'secret', secret: SECRET };

@Controller()
class TestController {
  @Public() open() {}
  guarded(@Principal() _principal: unknown) {}
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
    id: 'req-61',
    protocol: 'http',
    headers: { host, ...(authorization === undefined ? {} : { authorization }) },
    body,
  });

  async function setUp(options: AuthModuleOptions = OPTIONS) {
    moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot(options)],
    }).compile();
    sut = moduleRef.get(JwtAuthGuard);
  }
  beforeEach(() => setUp());
  afterEach(async () => {
    jest.restoreAllMocks();
    await moduleRef.close();
  });

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

  it("names the request in the key set's warning and in an unexpected failure's error line", async () => {
    const key = makeTestKey('kid-1');
    const jwks = await JwksTestServer.start([key]);
    jwks.keys = [];
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await moduleRef.close();
      await setUp(jwksOptions(jwks.host, { audience: 'https://relay.example' }));
      const claims = { key: 'k', jwks_host: jwks.host, aud: 'https://relay.example' };
      const jwt = signRs256(claims, key);
      const ctx = httpContext(TestController, 'guarded', request(`Bearer ${jwt}`));
      await expectRefusal(
        Promise.resolve(sut.canActivate(ctx)),
        AUTH_REASONS.wrongPayloadStructure,
      );
      expect(warn.mock.calls.map((call: unknown[]) => call[0])).toEqual([
        { requestId: 'req-61', msg: expect.stringMatching(`^JWKS of ${jwks.host} unusable: `) },
      ]);

      jwks.keys = [key.jwk];
      jest.spyOn(moduleRef.get(JwtService), 'verifyAsync').mockRejectedValue(new RangeError('bug'));
      await expectRefusal(Promise.resolve(sut.canActivate(ctx)), AUTH_REASONS.unexpected);
      expect(error.mock.calls.map((call: unknown[]) => call[0])).toEqual([
        { requestId: 'req-61', msg: 'Unexpected RangeError while checking a JWT' },
      ]);
    } finally {
      await jwks.close();
    }
  });

  it('logs without a request id when called without one (the lib used alone)', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(moduleRef.get(JwtService), 'verifyAsync').mockRejectedValue(new RangeError('bug'));
    await expectRefusal(
      moduleRef.get(AuthService).authenticate(`Bearer ${token()}`, 'http://relay.test:3000'),
      AUTH_REASONS.unexpected,
    );
    expect(error.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      'Unexpected RangeError while checking a JWT',
    ]);
  });
});
