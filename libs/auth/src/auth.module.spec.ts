import { Test } from '@nestjs/testing';
import { sign } from 'jsonwebtoken';
import { AuthModule, AuthModuleOptions, AuthService, JwtAuthGuard } from './index';
import {
  jwksOptions,
  JwksTestServer,
  makeTestKey,
  signRs256,
  TEST_AUDIENCE,
  trClaims,
} from './testing/jwks-test.server';

const KEY = makeTestKey('kid-1');
const SECRET = 'module-spec-secret-module-spec-secret';

describe(AuthModule.name, () => {
  let jwks: JwksTestServer;

  beforeEach(async () => {
    jwks = await JwksTestServer.start([KEY]);
  });
  afterEach(() => jwks.close());

  describe.each([
    ['forRoot', (o: AuthModuleOptions) => AuthModule.forRoot(o)],
    [
      'forRootAsync',
      (o: AuthModuleOptions) =>
        AuthModule.forRootAsync({ inject: [], useFactory: () => Promise.resolve(o) }),
    ],
  ])('%s', (_name, register) => {
    const compile = (options: AuthModuleOptions) =>
      Test.createTestingModule({ imports: [register(options)] }).compile();

    it('provides AuthService and JwtAuthGuard, checking RS256 tokens in jwks mode', async () => {
      const moduleRef = await compile(jwksOptions(jwks.host));
      expect(moduleRef.get(JwtAuthGuard)).toBeInstanceOf(JwtAuthGuard);
      const token = signRs256(trClaims(jwks.host, TEST_AUDIENCE), KEY);
      await expect(
        moduleRef.get(AuthService).authenticate(`Bearer ${token}`, TEST_AUDIENCE),
      ).resolves.toEqual({ apiKey: 'otx-key', entitiesLimit: 100 });
      expect(jwks.requests).toBe(1);
      await moduleRef.close();
    });

    it('checks HS256 tokens with the secret in secret mode', async () => {
      const options: AuthModuleOptions = {
        ...jwksOptions(jwks.host),
        mode: 'secret',
        secret: SECRET,
      };
      const moduleRef = await compile({ ...options, entitiesLimitDefault: 42 });
      const token = sign({ key: 'k' }, SECRET, { algorithm: 'HS256' });
      await expect(
        moduleRef.get(AuthService).authenticate(`Bearer ${token}`, TEST_AUDIENCE),
      ).resolves.toEqual({ apiKey: 'k', entitiesLimit: 42 });
      await moduleRef.close();
    });

    it.each<[string, Partial<AuthModuleOptions>]>([
      ['an unknown mode', { mode: 'magic' as 'jwks' }],
      ['secret mode without a secret', { mode: 'secret', secret: '' }],
      ['an empty allow-list', { jwksAllowedHosts: [] }],
      ['an allow-list entry with a path', { jwksAllowedHosts: ['evil.test/x'] }],
      ['an allow-list entry with userinfo', { jwksAllowedHosts: ['u@evil.test'] }],
      ['a template without {host}', { jwksUrlTemplate: 'https://tr.test/jwks' }],
      ['a non-http template', { jwksUrlTemplate: 'file://{host}/jwks' }],
      ['a zero timeout', { jwksTimeoutMs: 0 }],
      ['a negative cache TTL', { jwksCacheTtlMs: -1 }],
      ['a default above the max', { entitiesLimitDefault: 2000 }],
      ['a zero max', { entitiesLimitMax: 0 }],
      ['a negative clock tolerance', { clockToleranceSec: -1 }],
    ])('refuses %s at start-up', async (_case, bad) => {
      const options = { ...jwksOptions(jwks.host), ...bad };
      await expect(compile(options)).rejects.toThrow(/^Invalid AuthModule options: /);
    });

    it('never prints the secret when refusing options', async () => {
      const options: AuthModuleOptions = {
        ...jwksOptions(jwks.host),
        mode: 'secret',
        secret: SECRET,
        entitiesLimitMax: 0,
      };
      const error: unknown = await compile(options).catch((e: unknown) => e);
      expect(String(error)).toMatch(/entitiesLimitMax/);
      expect(String(error)).not.toContain(SECRET);
    });
  });
});
