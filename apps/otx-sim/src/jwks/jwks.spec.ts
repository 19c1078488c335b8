import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { decode, verify, type JwtPayload } from 'jsonwebtoken';
import { createOtxSimApp } from '../otx-sim.app';

describe('JWKS and POST /_sim/token', () => {
  let app: NestFastifyApplication;
  const mint = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/_sim/token', payload: payload as object });
  const jwks = async () =>
    (await app.inject({ url: '/.well-known/jwks' })).json<{ keys: JsonWebKey[] }>();
  const publicKey = async () => createPublicKey({ key: (await jwks()).keys[0], format: 'jwk' });

  beforeAll(async () => {
    app = await createOtxSimApp();
  });
  afterAll(() => app.close());

  it('serves one RS256 signing key without an API key', async () => {
    const res = await app.inject({ url: '/.well-known/jwks' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toEqual({
      kty: 'RSA',
      n: expect.stringMatching(/^[A-Za-z0-9_-]{300,}$/),
      e: 'AQAB',
      kid: 'otx-sim-1',
      alg: 'RS256',
      use: 'sig',
    });
    expect(body.keys[0]).not.toHaveProperty('d');
  });

  it('mints a token that verifies with the JWKS key, claims as given', async () => {
    const claims = {
      key: 'test-otx-key',
      jwks_host: '127.0.0.1:9100',
      aud: 'http://127.0.0.1:9090',
      CTR_ENTITIES_LIMIT: 5,
    };
    const res = await mint({ claims });
    expect(res.statusCode).toBe(200);
    const { token } = res.json();
    const payload = verify(token, await publicKey(), {
      algorithms: ['RS256'],
      audience: claims.aud,
    }) as JwtPayload;
    expect(payload).toMatchObject(claims);
    expect(payload.exp).toBeUndefined();
    expect(decode(token, { complete: true })?.header).toMatchObject({
      alg: 'RS256',
      kid: 'otx-sim-1',
    });
  });

  it('keeps null claims, leaves out absent ones, and honours kid and expiresInSec', async () => {
    const { token } = (
      await mint({ claims: { key: null, nbf: 1 }, header: { kid: 'other' }, expiresInSec: 60 })
    ).json();
    const { header, payload } = decode(token, { complete: true }) as {
      header: { kid: string };
      payload: JwtPayload;
    };
    expect(header.kid).toBe('other');
    expect(payload).toMatchObject({ key: null, nbf: 1 });
    expect(payload).not.toHaveProperty('aud');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });

  it('keeps arrays and nested objects in claims untouched', async () => {
    const claims = {
      aud: ['https://a.example', 'https://b.example'],
      nested: { list: [1, { b: 2 }] },
    };
    const { token } = (await mint({ claims })).json();
    expect(decode(token)).toMatchObject(claims);
  });

  it('lets an exp claim win over expiresInSec (for expired tokens)', async () => {
    const { token } = (await mint({ claims: { exp: 1000 }, expiresInSec: 60 })).json();
    expect((decode(token) as JwtPayload).exp).toBe(1000);
    await expect(publicKey().then((k) => verify(token, k))).rejects.toThrow('jwt expired');
  });

  it('uses a fresh key per app, so tokens of one app fail on another', async () => {
    const other = await createOtxSimApp();
    try {
      const { token } = (
        await other.inject({ method: 'POST', url: '/_sim/token', payload: { claims: {} } })
      ).json();
      const mine = await publicKey();
      expect(() => verify(token, mine)).toThrow('invalid signature');
    } finally {
      await other.close();
    }
  });

  it.each([
    ['no claims', {}],
    ['claims that are not an object', { claims: 'x' }],
    ['an unknown field', { claims: {}, extra: 1 }],
    ['a non-integer expiresInSec', { claims: {}, expiresInSec: 'soon' }],
    ['a non-numeric exp claim', { claims: { exp: 'tomorrow' } }],
  ])('answers 400 with a detail for %s', async (_name, body) => {
    const res = await mint(body);
    expect(res.statusCode).toBe(400);
    expect(typeof res.json().detail).toBe('string');
  });
});
