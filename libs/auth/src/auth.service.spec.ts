import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { sign } from 'jsonwebtoken';
import { AUTH_REASONS } from './auth.constants';
import { AuthModuleOptions } from './auth.interfaces';
import { AuthService } from './auth.service';
import { JwksKeyStore } from './jwks/jwks-key.store';
import { expectRefusal, rawJwt } from './testing/auth-assertions';
import { jwksOptions, makeTestKey, signRs256, TEST_AUDIENCE } from './testing/jwks-test.server';

const SECRET = 'a-shared-secret-used-only-by-these-tests-0123456789';
const KEY = makeTestKey('kid-1');
const secretOptions: AuthModuleOptions = {
  ...jwksOptions('jwks.test'),
  mode: 'secret',
  secret: SECRET,
};
const hs256 = (claims: object, options = {}) =>
  sign(claims, SECRET, { algorithm: 'HS256', ...options });

function makeSut(options: AuthModuleOptions, jwt = new JwtService()): AuthService {
  return new AuthService(options, jwt, new JwksKeyStore(options));
}

describe(`${AuthService.name} (header, structure, secret mode)`, () => {
  let sut: AuthService;
  const auth = (header: string | undefined) => sut.authenticate(header, TEST_AUDIENCE);

  beforeEach(() => {
    sut = makeSut(secretOptions);
  });
  afterEach(() => jest.restoreAllMocks());

  it('accepts a legacy token whose payload is only the key', async () => {
    await expect(auth(`Bearer ${hs256({ key: 'otx-key' })}`)).resolves.toEqual({
      apiKey: 'otx-key',
      entitiesLimit: 100,
    });
  });

  it.each(['bearer', 'BEARER', 'BeArEr'])('accepts the scheme %s and any whitespace', async (s) => {
    const header = ` ${s} \t ${hs256({ key: 'k' })}  `;
    await expect(auth(header)).resolves.toMatchObject({ apiKey: 'k' });
  });

  it.each<[string | undefined, string]>([
    [undefined, AUTH_REASONS.headerMissing],
    ['', AUTH_REASONS.headerMissing],
    ['   ', AUTH_REASONS.headerMissing],
    ['Basic dXNlcjpwYXNz', AUTH_REASONS.wrongType],
    ['Basic', AUTH_REASONS.wrongType],
    ['Token a b', AUTH_REASONS.wrongType],
    ['Bearer', AUTH_REASONS.wrongHeaderStructure],
    ['bearer   ', AUTH_REASONS.wrongHeaderStructure],
    ['Bearer a.b.c extra', AUTH_REASONS.wrongHeaderStructure],
    ['Bearer not-a-jwt', AUTH_REASONS.wrongJwtStructure],
    ['Bearer a.b.c', AUTH_REASONS.wrongJwtStructure],
    [`Bearer ${rawJwt({ alg: 'HS256' }, '[1, 2]')}`, AUTH_REASONS.wrongJwtStructure],
    [`Bearer ${rawJwt({ alg: 'HS256' }, 'not json')}`, AUTH_REASONS.wrongJwtStructure],
    [`Bearer ${rawJwt({ alg: 'HS256' }, 'null')}`, AUTH_REASONS.wrongJwtStructure],
  ])('refuses the header %p', async (header, reason) => {
    await expectRefusal(auth(header), reason);
  });

  it.each([
    ['RS256, even validly signed', signRs256({ key: 'k' }, KEY)],
    ['none', sign({ key: 'k' }, '', { algorithm: 'none' })],
    ['HS512', sign({ key: 'k' }, SECRET, { algorithm: 'HS512' })],
    ['no alg', rawJwt({ typ: 'JWT' }, '{"key":"k"}', SECRET)],
  ])('refuses %s in secret mode', async (_name, token) => {
    await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.onlyHs256, token);
  });

  it('refuses a token signed with another secret', async () => {
    const token = sign({ key: 'k' }, 'another-secret', { algorithm: 'HS256' });
    await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.badSecretSignature, token);
  });

  it('refuses expired and not-yet-valid tokens, within the clock tolerance only', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefusal(auth(`Bearer ${hs256({ key: 'k', exp: now - 5 })}`), AUTH_REASONS.expired);
    const early = hs256({ key: 'k', nbf: now + 60 });
    await expectRefusal(auth(`Bearer ${early}`), AUTH_REASONS.notYetValid);
    sut = makeSut({ ...secretOptions, clockToleranceSec: 30 });
    await expect(auth(`Bearer ${hs256({ key: 'k', exp: now - 5 })}`)).resolves.toBeDefined();
  });

  it('verifies a repeated token once, and still checks its audience on every request', async () => {
    const verify = jest.spyOn(JwtService.prototype, 'verifyAsync');
    const token = hs256({ key: 'k', aud: TEST_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 });
    await expect(auth(`Bearer ${token}`)).resolves.toMatchObject({ apiKey: 'k' });
    await expect(auth(`Bearer ${token}`)).resolves.toMatchObject({ apiKey: 'k' });
    expect(verify).toHaveBeenCalledTimes(1);
    await expectRefusal(
      sut.authenticate(`Bearer ${token}`, 'http://other.test'),
      AUTH_REASONS.audienceWrong,
    );
  });

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      const token = hs256({ key: 'k', exp: Math.floor(Date.now() / 1000) + 2 });
      await expect(auth(`Bearer ${token}`)).resolves.toBeDefined();
      jest.advanceTimersByTime(3_000);
      await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.expired);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not remember a refusal: a token refused once is checked again', async () => {
    const verify = jest.spyOn(JwtService.prototype, 'verifyAsync');
    const token = sign({ key: 'k' }, 'another-secret', { algorithm: 'HS256' });
    await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.badSecretSignature);
    await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.badSecretSignature);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('refuses a non-numeric exp as a payload problem', async () => {
    const token = rawJwt({ alg: 'HS256' }, '{"key":"k","exp":"tomorrow"}', SECRET);
    await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.wrongPayloadStructure);
  });

  it('checks aud only when present', async () => {
    await expect(auth(`Bearer ${hs256({ key: 'k', aud: TEST_AUDIENCE })}`)).resolves.toBeDefined();
    const list = hs256({ key: 'k', aud: ['http://other.test', TEST_AUDIENCE] });
    await expect(auth(`Bearer ${list}`)).resolves.toBeDefined();
    const wrong = hs256({ key: 'k', aud: 'http://other.test' });
    await expectRefusal(auth(`Bearer ${wrong}`), AUTH_REASONS.audienceWrong);
  });

  it.each<[string, object, string | null]>([
    ['no key claim', { other: 1 }, AUTH_REASONS.wrongPayloadStructure],
    ['a null key', { key: null }, null],
    ['a numeric key', { key: 5 }, AUTH_REASONS.wrongPayloadStructure],
    ['an object key', { key: { a: 1 } }, AUTH_REASONS.wrongPayloadStructure],
    ['an empty key', { key: '' }, AUTH_REASONS.emptyKey],
  ])('refuses %s', async (_name, claims, reason) => {
    await expectRefusal(auth(`Bearer ${hs256(claims)}`), reason);
  });

  it('reads CTR_ENTITIES_LIMIT', async () => {
    const token = hs256({ key: 'k', CTR_ENTITIES_LIMIT: '250' });
    await expect(auth(`Bearer ${token}`)).resolves.toEqual({ apiKey: 'k', entitiesLimit: 250 });
    const capped = hs256({ key: 'k', CTR_ENTITIES_LIMIT: 5000 });
    await expect(auth(`Bearer ${capped}`)).resolves.toMatchObject({ entitiesLimit: 1000 });
    const junk = hs256({ key: 'k', CTR_ENTITIES_LIMIT: [1] });
    await expect(auth(`Bearer ${junk}`)).resolves.toMatchObject({ entitiesLimit: 100 });
  });

  it('turns an unexpected error into a generic AuthException that quotes nothing', async () => {
    const jwt = new JwtService();
    const token = hs256({ key: 'the-otx-key' });
    jest.spyOn(jwt, 'verifyAsync').mockRejectedValue(new TypeError(`boom ${token}`));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    sut = makeSut(secretOptions, jwt);

    const error = await expectRefusal(auth(`Bearer ${token}`), AUTH_REASONS.unexpected, token);
    expect(error.message).not.toContain('the-otx-key');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0][0])).not.toContain(token);
  });
});
