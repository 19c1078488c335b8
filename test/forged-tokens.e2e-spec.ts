import { createHmac, createPublicKey, generateKeyPairSync, JsonWebKey } from 'node:crypto';
import dns from 'node:dns';
import diagnosticsChannel from 'node:diagnostics_channel';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { sign } from 'jsonwebtoken';
import { bearer, request } from './helpers/http';
import {
  describeWithOwnConfig,
  RunningServer,
  SIM_API_KEY,
  startRelay,
  startSim,
  useSimAndRelay,
} from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';
import { denied } from './helpers/envelopes';

const NOT_ALLOWED =
  "Wrong jwks_host in JWT payload. The host is not in this relay's JWKS_ALLOWED_HOSTS";
const UNREACHABLE =
  'Wrong jwks_host in JWT payload. Make sure domain follows the visibility.<region>.cisco.com structure';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 JWT built by hand, so that any byte string can be the secret. */
function hs256(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string) {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT', ...header })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('forged and broken tokens against the simulator JWKS', () => {
  const ctx = useSimAndRelay();
  const sim = simControl(() => ctx.sim.url);
  const health = (headers: Record<string, string>) =>
    request(`${ctx.relay.url}/health`, { headers });
  const claims = () => trClaims(ctx.sim.url, ctx.relay.url);

  it('refuses HS256 signed with the JWKS public key itself (algorithm confusion)', async () => {
    const jwks = (await request(`${ctx.sim.url}/.well-known/jwks`, { method: 'GET' })).body;
    const jwk = jwks.keys[0] as JsonWebKey & { kid: string };
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    }) as string;
    const before = (await sim.stats()).requests;
    for (const secret of [pem, pem.trim(), JSON.stringify(jwk)]) {
      const forged = hs256({ kid: jwk.kid }, claims(), secret);
      const res = await health(bearer(forged));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(denied('Unsupported JWT algorithm: only RS256 is accepted'));
    }
    expect((await sim.stats()).requests).toBe(before);
  });

  it.each([
    ['alg none with an empty signature', (c: object) => `${b64url({ alg: 'none' })}.${b64url(c)}.`],
    ['alg None', (c: object) => `${b64url({ alg: 'None', kid: 'otx-sim-1' })}.${b64url(c)}.`],
    ['alg RS512', (c: object) => `${b64url({ alg: 'RS512', kid: 'otx-sim-1' })}.${b64url(c)}.x`],
    ['alg PS256', (c: object) => `${b64url({ alg: 'PS256', kid: 'otx-sim-1' })}.${b64url(c)}.x`],
    ['no alg', (c: object) => `${b64url({ kid: 'otx-sim-1' })}.${b64url(c)}.x`],
  ])('refuses %s without fetching keys', async (_name, build) => {
    const before = (await sim.stats()).byRoute.jwks;
    const res = await health(bearer(build(claims())));
    expect(res.body).toEqual(denied('Unsupported JWT algorithm: only RS256 is accepted'));
    expect((await sim.stats()).byRoute.jwks).toBe(before);
  });

  it.each([
    ['a list without the relay', ['https://a.example', 'https://b.example']],
    ['an empty list', []],
    ['a number', 42],
    ['the relay URL with a trailing slash', 'RELAY/'],
  ])('refuses aud that is %s', async (_name, aud) => {
    const value = aud === 'RELAY/' ? `${ctx.relay.url}/` : aud;
    const token = await simToken(ctx.sim.url, { ...claims(), aud: value });
    expect((await health(bearer(token))).body).toEqual(
      denied('Wrong configuration-token-audience'),
    );
  });

  it.each([
    ['a token with only two parts', 'a.b', 'Wrong JWT structure'],
    ['a token of empty parts', '..', 'Wrong JWT structure'],
    ['a token whose header is not JSON', 'bm90LWpzb24.e30.x', 'Wrong JWT structure'],
    [
      'a token whose payload is a list',
      `${b64url({ alg: 'RS256' })}.${b64url([1])}.x`,
      'Wrong JWT structure',
    ],
    ['the Token scheme', 'Token abc', 'Wrong authorization type'],
    ['the Basic scheme with a JWT', 'Basic a.b.c', 'Wrong authorization type'],
    ['the Digest scheme', 'Digest username="x", realm="y"', 'Wrong authorization type'],
    [
      'Bearer with three parts',
      'Bearer a.b.c d.e.f',
      'Wrong authorization header structure: expected "Bearer <token>"',
    ],
    ['only spaces', '   ', 'Authorization header is missing'],
  ])('refuses %s', async (_name, authorization, reason) => {
    const res = await health(
      authorization.includes(' ') || authorization.trim() === ''
        ? { authorization }
        : bearer(authorization),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(denied(reason));
  });

  it('refuses a 64 KB token with an authorization error, not an HTTP 431', async () => {
    const padding = 'x'.repeat(64 * 1024);
    const forged = await simToken(ctx.sim.url, { ...claims(), aud: 'https://x.example', padding });
    expect(forged.length).toBeGreaterThan(64 * 1024);
    const res = await health(bearer(forged));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(denied('Wrong configuration-token-audience'));
    const garbage = await health(bearer(`${'a'.repeat(64 * 1024)}.b.c`));
    expect(garbage.status).toBe(200);
    expect(garbage.body).toEqual(denied('Wrong JWT structure'));
    // The same size with a valid signature and audience is simply accepted.
    const valid = await simToken(ctx.sim.url, { ...claims(), padding });
    expect((await health(bearer(valid))).body).toEqual({ data: { status: 'ok' } });
  });

  it.each([
    ['a number', 1234],
    ['a list', ['127.0.0.1']],
    ['an object', { host: '127.0.0.1' }],
    ['null', null],
    ['an empty string', ''],
  ])('refuses jwks_host that is %s without any request', async (_name, host) => {
    const before = (await sim.stats()).requests;
    const token = await simToken(ctx.sim.url, { ...claims(), jwks_host: host });
    const res = await health(bearer(token));
    expect(res.body).toEqual(denied(NOT_ALLOWED));
    expect((await sim.stats()).requests).toBe(before);
  });
});

describeWithOwnConfig('look-alikes of an allowed host name (localhost:<port>)', () => {
  const ctx = {} as {
    sim: RunningServer;
    relay: RunningServer;
    jwks: Server;
    port: number;
    connections: number;
    key: ReturnType<typeof generateKeyPairSync>;
  };
  beforeAll(async () => {
    ctx.sim = await startSim();
    ctx.key = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = ctx.key.publicKey.export({ format: 'jwk' });
    ctx.connections = 0;
    ctx.jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'tr-1', alg: 'RS256', use: 'sig' }] }));
    });
    ctx.jwks.on('connection', () => ctx.connections++);
    await new Promise<void>((resolve) => ctx.jwks.listen(0, 'localhost', resolve));
    ctx.port = (ctx.jwks.address() as AddressInfo).port;
    ctx.relay = await startRelay({
      OTX_BASE_URL: ctx.sim.url,
      JWKS_ALLOWED_HOSTS: `localhost:${ctx.port}`,
      JWKS_URL_TEMPLATE: 'http://{host}/.well-known/jwks',
      OTX_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await ctx.relay?.close();
    await ctx.sim?.close();
    ctx.jwks?.closeAllConnections();
    await new Promise((resolve) => ctx.jwks?.close(resolve));
  });
  const tokenFor = (jwksHost: string) =>
    sign({ key: SIM_API_KEY, jwks_host: jwksHost, aud: ctx.relay.url }, ctx.key.privateKey, {
      algorithm: 'RS256',
      keyid: 'tr-1',
    });
  const health = (token: string) => request(`${ctx.relay.url}/health`, { headers: bearer(token) });

  it('fetches the keys of the allowed host and accepts its token (the control)', async () => {
    const before = ctx.connections;
    const res = await health(tokenFor(`localhost:${ctx.port}`));
    expect(res.body).toEqual({ data: { status: 'ok' } });
    expect(ctx.connections).toBeGreaterThan(before);
  });

  it.each([
    'LOCALHOST:PORT',
    'Localhost:PORT',
    'localhost.:PORT',
    'localhost:0PORT',
    'localhost:NEXT',
    'localhost',
    'localhost:PORT.evil.test',
    'evil.test#@localhost:PORT',
    'evil.test/localhost:PORT',
    'user@localhost:PORT',
    'localhost:PORT@evil.test',
    'localhost:PORT/../evil',
    'localhost:PORT?x=1',
    ' localhost:PORT',
    'localhost:PORT\r\nHost: evil.test',
    'localhost:PORT,evil.test',
  ])('refuses jwks_host %j with no connection to any host', async (pattern) => {
    const host = pattern.replace('PORT', String(ctx.port)).replace('NEXT', String(ctx.port + 1));
    const before = ctx.connections;
    expect((await health(tokenFor(host))).body).toEqual(denied(NOT_ALLOWED));
    expect(ctx.connections).toBe(before);
  });
});

/**
 * Every outbound connection the test process attempts, with the host it is for: fetch (how the
 * relay reads a JWKS) announces each one on undici's diagnostics channel, and a client socket
 * to a host name resolves it through dns.lookup, which fails here for every name but localhost:
 * nothing leaves the machine, even where the real hosts could be reached.
 */
function outboundProbe() {
  const hosts: string[] = [];
  const onConnect = (message: unknown) => {
    hosts.push((message as { connectParams: { hostname: string } }).connectParams.hostname);
  };
  let lookup: jest.SpyInstance | undefined;
  return {
    hosts,
    start() {
      hosts.length = 0;
      diagnosticsChannel.subscribe('undici:client:beforeConnect', onConnect);
      const real = dns.lookup.bind(dns) as (...args: unknown[]) => void;
      lookup = jest.spyOn(dns, 'lookup').mockImplementation((host: string, ...rest: unknown[]) => {
        if (host === 'localhost') return real(host, ...rest);
        const callback = rest[rest.length - 1] as (error: Error) => void;
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
          code: 'ENOTFOUND',
        });
        process.nextTick(() => callback(error));
      });
    },
    stop() {
      diagnosticsChannel.unsubscribe('undici:client:beforeConnect', onConnect);
      for (const [host] of lookup?.mock.calls ?? []) hosts.push(`dns:${String(host)}`);
      lookup?.mockRestore();
    },
  };
}

describeWithOwnConfig('look-alikes of the real Threat Response hosts (default allow-list)', () => {
  const ctx = {} as { sim: RunningServer; relay: RunningServer };
  const probe = outboundProbe();
  beforeAll(async () => {
    ctx.sim = await startSim();
    // The default allow-list and JWKS URL: an allowed host is really fetched (the probe keeps
    // it on the machine), which the control sees.
    ctx.relay = await startRelay({ OTX_BASE_URL: ctx.sim.url, OTX_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await ctx.relay?.close();
    await ctx.sim?.close();
  });
  const health = async (host: string) => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = sign({ key: SIM_API_KEY, jwks_host: host, aud: ctx.relay.url }, privateKey, {
      algorithm: 'RS256',
      keyid: 'tr-1',
    });
    probe.start();
    try {
      return await request(`${ctx.relay.url}/health`, { headers: bearer(token) });
    } finally {
      probe.stop();
    }
  };
  // The test's own connection to the relay, when it opens a new one.
  const others = () => probe.hosts.filter((h) => !/^(dns:)?(127\.0\.0\.1|localhost)$/.test(h));

  it('sees the fetch of an allowed host (the control)', async () => {
    const res = await health('visibility.amp.cisco.com');
    expect(res.body).toEqual(denied(UNREACHABLE));
    expect(others()).toEqual(['visibility.amp.cisco.com', 'dns:visibility.amp.cisco.com']);
  });

  it.each([
    'VISIBILITY.AMP.CISCO.COM',
    'visibility.amp.cisco.com.',
    'visibility.amp.cisco.com:443',
    'visibility.amp.cisco.com:8443',
    'visibility.amp.cisco.com.evil.test',
    'evil.test#@visibility.amp.cisco.com',
    'user@visibility.amp.cisco.com',
    'visibility.eu.amp.cisco.com.evil.test',
  ])('refuses jwks_host %j with no connection to any host', async (host) => {
    const res = await health(host);
    expect(res.body).toEqual(denied(NOT_ALLOWED));
    expect(others()).toEqual([]);
  });
});

describeWithOwnConfig('a JWKS host slower than JWKS_TIMEOUT_MS', () => {
  const ctx = useSimAndRelay({ JWKS_TIMEOUT_MS: '300', JWKS_CACHE_TTL_S: '0' });
  const sim = simControl(() => ctx.sim.url);
  afterEach(() => sim.faults([]));

  it('is refused as unreachable, well before the delay ends', async () => {
    await sim.faults([{ path: '^/\\.well-known/jwks', delayMs: 3000 }]);
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const started = Date.now();
    const res = await request(`${ctx.relay.url}/health`, { headers: bearer(token) });
    expect(res.body).toEqual(denied(UNREACHABLE));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers a JWKS that is not a key set as unreachable or a payload error', async () => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    for (const [body, reason] of [
      ['[]', UNREACHABLE],
      ['{"keys": "x"}', 'Wrong JWT payload structure'],
      ['{"keys": [{"kty": "RSA", "kid": "otx-sim-1", "n": "!", "e": "AQAB"}]}', expect.any(String)],
      ['{"keys": [', UNREACHABLE],
    ] as const) {
      await sim.faults([{ path: '^/\\.well-known/jwks', status: 200, body }]);
      const res = await request(`${ctx.relay.url}/health`, { headers: bearer(token) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        errors: [
          {
            code: 'authorization error',
            message: typeof reason === 'string' ? `Authorization failed: ${reason}` : reason,
            type: 'fatal',
          },
        ],
      });
    }
  });
});
