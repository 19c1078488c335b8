import { sign } from 'jsonwebtoken';
import { bearer, request } from './helpers/http';
import { describeWithOwnConfig, useSimAndRelay } from './helpers/servers';
import { simToken, trClaims } from './helpers/tokens';
import { denied } from './helpers/envelopes';

const WRONG_HOST =
  'Wrong jwks_host in JWT payload. Make sure domain follows the visibility.<region>.cisco.com structure';
const NOT_ALLOWED =
  "Wrong jwks_host in JWT payload. The host is not in this relay's JWKS_ALLOWED_HOSTS";

describe('AUTH_MODE=jwks (RS256 configuration tokens) over HTTP', () => {
  const ctx = useSimAndRelay();
  const health = (headers: Record<string, string>) =>
    request(`${ctx.relay.url}/health`, { headers });
  const token = (extra: Record<string, unknown> = {}, options = {}) =>
    simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url, extra), options);
  const jwksRequests = async () =>
    (await request(`${ctx.sim.url}/_sim/stats`, { method: 'GET' })).body.byRoute.jwks;

  it('accepts a valid token and asks OTX with its key', async () => {
    const res = await health(bearer(await token()));
    expect(res.body).toEqual({ data: { status: 'ok' } });
  });

  it('accepts aud as a list that contains the relay URL', async () => {
    const res = await health(
      bearer(await token({ aud: ['https://other.example', ctx.relay.url] })),
    );
    expect(res.body).toEqual({ data: { status: 'ok' } });
  });

  it.each([
    ['no Authorization header', {}, 'Authorization header is missing'],
    ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 'Wrong authorization type'],
    [
      'Bearer without a token',
      { authorization: 'Bearer' },
      'Wrong authorization header structure: expected "Bearer <token>"',
    ],
    [
      'Bearer with extra parts',
      { authorization: 'Bearer a.b.c extra' },
      'Wrong authorization header structure: expected "Bearer <token>"',
    ],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-jwt' }, 'Wrong JWT structure'],
  ])('refuses %s', async (_name, headers: Record<string, string>, reason) => {
    const res = await health(headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(denied(reason));
  });

  it('refuses a token without jwks_host', async () => {
    const res = await health(bearer(await token({ jwks_host: undefined })));
    expect(res.body).toEqual(
      denied(
        'jwks_host is missing in JWT payload. Make sure custom_jwks_host field is present in module_type',
      ),
    );
  });

  it.each([
    'visibility.amp.cisco.com.evil.test',
    'evil.test#@visibility.amp.cisco.com',
    'user@visibility.amp.cisco.com',
  ])('refuses jwks_host %s outside the allow-list without any request', async (host) => {
    const before = await jwksRequests();
    const res = await health(bearer(await token({ jwks_host: host })));
    expect(res.body).toEqual(denied(NOT_ALLOWED));
    expect(await jwksRequests()).toBe(before);
  });

  it('refuses look-alikes of the allowed simulator host without any request', async () => {
    const { hostname, port } = new URL(ctx.sim.url);
    const before = await jwksRequests();
    for (const host of [`${hostname}:${Number(port) + 1}`, `${hostname}.:${port}`, hostname]) {
      const res = await health(bearer(await token({ jwks_host: host })));
      expect(res.body).toEqual(denied(NOT_ALLOWED));
    }
    expect(await jwksRequests()).toBe(before);
  });

  it('refuses an unknown kid', async () => {
    const res = await health(bearer(await token({}, { kid: 'unknown-kid' })));
    expect(res.body).toEqual(denied('kid from JWT header not found in API response'));
  });

  it('refuses a token signed by another key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = sign(trClaims(ctx.sim.url, ctx.relay.url), privateKey, {
      algorithm: 'RS256',
      keyid: 'otx-sim-1',
    });
    expect((await health(bearer(forged))).body).toEqual(
      denied(
        'Failed to decode JWT with provided key. Make sure domain in custom_jwks_host corresponds to your SecureX instance region.',
      ),
    );
  });

  it('refuses alg none and HS256 (algorithm confusion) before any network call', async () => {
    const claims = trClaims(ctx.sim.url, ctx.relay.url);
    const none = sign(claims, '', { algorithm: 'none' });
    const hs256 = sign(claims, 'the-public-key-as-a-secret', {
      algorithm: 'HS256',
      keyid: 'otx-sim-1',
    });
    for (const t of [none, hs256]) {
      expect((await health(bearer(t))).body).toEqual(
        denied('Unsupported JWT algorithm: only RS256 is accepted'),
      );
    }
  });

  it('refuses a wrong and a missing audience', async () => {
    expect((await health(bearer(await token({ aud: 'https://elsewhere.example' })))).body).toEqual(
      denied('Wrong configuration-token-audience'),
    );
    expect((await health(bearer(await token({ aud: undefined })))).body).toEqual(
      denied('Wrong configuration-token-audience: the JWT has no aud claim'),
    );
  });

  it('refuses an expired token and one not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await health(bearer(await token({ exp: now - 3600 })))).body).toEqual(
      denied('The JWT has expired'),
    );
    expect((await health(bearer(await token({ nbf: now + 3600 })))).body).toEqual(
      denied('The JWT is not yet valid'),
    );
  });

  it('refuses a token without a key claim, and a null key', async () => {
    expect((await health(bearer(await token({ key: undefined })))).body).toEqual(
      denied('Wrong JWT payload structure'),
    );
    expect((await health(bearer(await token({ key: null })))).body).toEqual({
      errors: [{ code: 'authorization error', message: 'Authorization failed.', type: 'fatal' }],
    });
  });

  it('reports a key OTX refuses as an authorization error from the OTX side', async () => {
    const res = await health(bearer(await token({ key: 'revoked-key' })));
    expect(res.body).toEqual(denied('Authorization failed on AlienVault OTX side'));
  });
});

describeWithOwnConfig('AUTH_MODE=jwks when the JWKS host misbehaves', () => {
  const ctx = useSimAndRelay({ JWKS_TIMEOUT_MS: '300', JWKS_CACHE_TTL_S: '0' });
  const setFaults = (rules: unknown[]) =>
    request(`${ctx.sim.url}/_sim/faults`, { method: 'PUT', body: { rules } });
  afterEach(() => setFaults([]));

  it.each([
    ['is down', { status: 503, body: 'down' }],
    ['answers HTML', { status: 200, body: '<html>oops</html>', contentType: 'text/html' }],
    ['never answers', { hang: true }],
  ])('refuses tokens when the JWKS endpoint %s', async (_name, fault) => {
    await setFaults([{ path: '^/\\.well-known/jwks', ...fault }]);
    const t = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const res = await request(`${ctx.relay.url}/health`, { headers: bearer(t) });
    expect(res.body).toEqual(denied(WRONG_HOST));
  });

  it('refuses tokens when the JWKS has no keys', async () => {
    await setFaults([{ path: '^/\\.well-known/jwks', status: 200, body: '{"keys": []}' }]);
    const t = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const res = await request(`${ctx.relay.url}/health`, { headers: bearer(t) });
    expect(res.body).toEqual(denied('Wrong JWT payload structure'));
  });
});
