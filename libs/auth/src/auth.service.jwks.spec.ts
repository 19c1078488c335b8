import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { JwtHeader, sign } from 'jsonwebtoken';
import { AUTH_REASONS } from './auth.constants';
import { AuthService } from './auth.service';
import { JwksKeyStore } from './jwks/jwks-key.store';
import { expectRefusal } from './testing/auth-assertions';
import {
  jwksOptions,
  JwksTestServer,
  makeTestKey,
  signRs256,
  TEST_AUDIENCE,
  trClaims,
} from './testing/jwks-test.server';

const KEY = makeTestKey('kid-1');
const OTHER_KEY = makeTestKey('kid-1'); // same kid, different key: a forgery
const TR_HOST = 'visibility.amp.cisco.com';

describe(`${AuthService.name} (jwks mode)`, () => {
  let jwks: JwksTestServer;
  let sut: AuthService;
  let fetchSpy: jest.SpyInstance;
  const auth = (token: string) => sut.authenticate(`Bearer ${token}`, TEST_AUDIENCE);
  const claims = (extra: Record<string, unknown> = {}) => trClaims(jwks.host, TEST_AUDIENCE, extra);

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    fetchSpy = jest.spyOn(globalThis, 'fetch');
    jwks = await JwksTestServer.start([KEY]);
    const options = jwksOptions(jwks.host, { jwksAllowedHosts: [jwks.host, TR_HOST] });
    sut = new AuthService(options, new JwtService(), new JwksKeyStore(options));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await jwks.close();
  });

  it('accepts a valid token and reads its claims', async () => {
    const token = signRs256(claims({ key: 'otx-key', CTR_ENTITIES_LIMIT: '250' }), KEY);
    await expect(auth(token)).resolves.toEqual({ apiKey: 'otx-key', entitiesLimit: 250 });
    expect(jwks.requests).toBe(1);
  });

  it('accepts aud as a list that contains the expected audience', async () => {
    const token = signRs256(claims({ aud: ['http://other.test', TEST_AUDIENCE] }), KEY);
    await expect(auth(token)).resolves.toMatchObject({ apiKey: 'otx-key' });
  });

  it.each<[string, unknown, string]>([
    ['missing', undefined, AUTH_REASONS.audienceMissing],
    ['another URL', 'http://other.test', AUTH_REASONS.audienceWrong],
    ['the URL with a trailing slash', `${TEST_AUDIENCE}/`, AUTH_REASONS.audienceWrong],
    ['a list without it', ['http://other.test'], AUTH_REASONS.audienceWrong],
    ['an empty list', [], AUTH_REASONS.audienceWrong],
    ['null', null, AUTH_REASONS.audienceWrong],
  ])('refuses aud %s', async (_name, aud, reason) => {
    await expectRefusal(auth(signRs256(claims({ aud }), KEY)), reason);
  });

  it('refuses a token without jwks_host, without any request', async () => {
    await expectRefusal(
      auth(signRs256(claims({ jwks_host: undefined }), KEY)),
      AUTH_REASONS.jwksHostMissing,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses jwks_host values outside the allow-list, without any request', async () => {
    const [ip, port] = jwks.host.split(':');
    const lookAlikes: unknown[] = [
      `${TR_HOST}.evil.test`,
      `evil.test#@${TR_HOST}`,
      `user@${TR_HOST}`,
      TR_HOST.toUpperCase(),
      `${TR_HOST}.`,
      `${TR_HOST}:443`,
      ` ${TR_HOST}`,
      `${ip}:${Number(port) + 1}`,
      ip,
      `localhost:${port}`,
      `${ip}.:${port}`,
      `user@${jwks.host}`,
      `${jwks.host}/evil`,
      `${jwks.host}#`,
      '',
      null,
      42,
      [jwks.host],
      { host: jwks.host },
    ];
    for (const jwksHost of lookAlikes) {
      const token = signRs256(claims({ jwks_host: jwksHost }), KEY);
      await expectRefusal(auth(token), AUTH_REASONS.jwksHostNotAllowed);
    }
    expect(jwks.requests).toBe(0);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a token header without a usable kid, without any request', async () => {
    const noKid = sign(claims(), KEY.privateKey, { algorithm: 'RS256' });
    await expectRefusal(auth(noKid), AUTH_REASONS.wrongPayloadStructure);
    const numericKid = sign(claims(), KEY.privateKey, {
      algorithm: 'RS256',
      header: { alg: 'RS256', kid: 7 } as unknown as JwtHeader,
    });
    await expectRefusal(auth(numericKid), AUTH_REASONS.wrongPayloadStructure);
    expect(jwks.requests).toBe(0);
  });

  it('refuses an unknown kid', async () => {
    const token = signRs256(claims(), KEY, { keyid: 'kid-unknown' });
    await expectRefusal(auth(token), AUTH_REASONS.kidNotFound);
    expect(jwks.requests).toBe(1);
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const forged = signRs256(claims(), OTHER_KEY);
    await expectRefusal(auth(forged), AUTH_REASONS.badRsaSignature, forged);
  });

  it.each([
    ['alg none', () => sign(claims(), '', { algorithm: 'none', keyid: 'kid-1' })],
    [
      'HS256 signed with the RSA public key as the secret',
      () => sign(claims(), KEY.publicPem, { algorithm: 'HS256', keyid: 'kid-1' }),
    ],
    ['RS512', () => sign(claims(), KEY.privateKey, { algorithm: 'RS512', keyid: 'kid-1' })],
  ])('refuses %s before any request', async (_name, makeToken) => {
    await expectRefusal(auth(makeToken()), AUTH_REASONS.onlyRs256);
    expect(jwks.requests).toBe(0);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses an expired token and one not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefusal(auth(signRs256(claims({ exp: now - 60 }), KEY)), AUTH_REASONS.expired);
    const early = signRs256(claims({ nbf: now + 3600 }), KEY);
    await expectRefusal(auth(early), AUTH_REASONS.notYetValid);
  });

  it('refuses a missing, null and non-string key claim', async () => {
    const noKey = signRs256(claims({ key: undefined }), KEY);
    await expectRefusal(auth(noKey), AUTH_REASONS.wrongPayloadStructure);
    await expectRefusal(auth(signRs256(claims({ key: null }), KEY)), null);
    await expectRefusal(
      auth(signRs256(claims({ key: 1 }), KEY)),
      AUTH_REASONS.wrongPayloadStructure,
    );
  });

  it('never puts the token or the OTX key in the message', async () => {
    const token = signRs256(claims({ key: 'secret-otx-key', aud: 'http://other.test' }), KEY);
    await expectRefusal(auth(token), AUTH_REASONS.audienceWrong, token, 'secret-otx-key');
  });
});
