import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SIM_OBSERVABLES as O, SIM_PULSES as P } from '../fixtures';
import { createOtxSimApp } from '../otx-sim.app';
import { listenOnLoopback, rawRequest } from '../testing/http-client';

const KEY = { 'x-otx-api-key': 'test-otx-key' };
interface ControlBody {
  requests?: number;
  byRoute?: Record<string, number>;
  bytesSent?: Record<string, number>;
  rules?: { path: string; times?: number }[];
  detail?: string;
}

const GENERAL = `/api/v1/indicators/IPv4/${O.ip.value}/general`;

describe('control API /_sim', () => {
  let app: NestFastifyApplication;
  let base: string;
  const otx = (path: string, timeoutMs?: number) =>
    rawRequest(`${base}${path}`, { headers: KEY, timeoutMs });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await rawRequest(`${base}/_sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: JSON.parse(res.text) as ControlBody };
  };
  const setFaults = (config: unknown) => control('PUT', 'faults', config);

  beforeAll(async () => {
    app = await createOtxSimApp();
    base = await listenOnLoopback(app);
  });
  beforeEach(() => control('POST', 'reset'));
  afterAll(() => app.close());

  it('counts OTX and JWKS requests by route, and the body bytes sent, not control calls', async () => {
    const bytes = (answers: { text: string }[]) =>
      answers.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
    const user = [
      await otx('/api/v1/user/me'),
      await otx('/api/v1/users/me'),
      await rawRequest(`${base}/api/v1/user/me`), // refused (no key) but received
    ];
    const general = [
      await otx(GENERAL),
      await otx(`/api/v1/indicators/url/${encodeURIComponent(O.url.value)}/general`),
    ];
    const page = await otx(`/api/v1/pulses/${P.qakbot.id}/indicators?page=1`);
    const jwks = await rawRequest(`${base}/.well-known/jwks`);
    await otx(`/api/v1/indicators/IPv4/${O.ip.value}/geo`); // counted in requests only
    await control('GET', 'faults');
    const { status, body } = await control('GET', 'stats');
    expect(status).toBe(200);
    expect(body).toEqual({
      requests: 8,
      byRoute: { user: 3, general: 2, pulseIndicators: 1, jwks: 1 },
      bytesSent: {
        user: bytes(user),
        general: bytes(general),
        pulseIndicators: bytes([page]),
        jwks: bytes([jwks]),
      },
      pageCache: { hits: 0, builds: 1, bytes: bytes([page]), maxBytes: 256 * 2 ** 20 },
    });
    expect(user[2].status).toBe(403);
  });

  it('resets the counters and the faults', async () => {
    await otx(GENERAL);
    await setFaults({ latencyMs: 5, rules: [{ path: 'user', status: 503 }] });
    expect((await control('POST', 'reset')).body).toEqual({ reset: true });
    expect((await control('GET', 'stats')).body.requests).toBe(0);
    expect((await control('GET', 'faults')).body).toEqual({ rules: [] });
    expect((await otx('/api/v1/user/me')).status).toBe(200);
  });

  it('replaces the fault config and applies the first matching rule', async () => {
    const put = await setFaults({
      rules: [
        { path: '/general$', status: 503, body: 'down for a bit' },
        { path: '/indicators', status: 504 },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.rules).toHaveLength(2);
    const down = await otx(GENERAL);
    expect(down.status).toBe(503);
    expect(down.text).toBe('down for a bit');
    expect(down.headers['content-type']).toMatch(/^text\/plain/);
    const gateway = await otx(`/api/v1/pulses/${P.qakbot.id}/indicators`);
    expect(gateway.status).toBe(504);
    expect(JSON.parse(gateway.text)).toEqual({ detail: 'Gateway Timeout' });
    expect((await otx('/api/v1/user/me')).status).toBe(200);
    expect((await control('GET', 'faults')).body).toEqual(put.body);
    await setFaults({ rules: [] });
    expect((await otx(GENERAL)).status).toBe(200);
  });

  it('serves a JSON body with its content type, also before the key check', async () => {
    await setFaults({
      rules: [{ path: '^/\\.well-known/jwks', status: 200, body: '{"keys": []}' }],
    });
    const res = await rawRequest(`${base}/.well-known/jwks`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toEqual({ keys: [] });
    await setFaults({
      rules: [{ path: 'user/me', status: 200, body: '<p>', contentType: 'text/html' }],
    });
    const html = await rawRequest(`${base}/api/v1/user/me`);
    expect([html.status, html.headers['content-type'], html.text]).toEqual([
      200,
      'text/html',
      '<p>',
    ]);
  });

  it('expires a rule after `times` matches and shows what is left', async () => {
    await setFaults({ rules: [{ path: 'user/me', status: 500, times: 2 }] });
    expect((await otx('/api/v1/user/me')).status).toBe(500);
    expect((await control('GET', 'faults')).body.rules?.[0].times).toBe(1);
    expect((await otx('/api/v1/user/me')).status).toBe(500);
    expect((await control('GET', 'faults')).body.rules).toEqual([]);
    expect((await otx('/api/v1/user/me')).status).toBe(200);
  });

  it('hangs a request until the client gives up', async () => {
    await setFaults({ rules: [{ path: 'general', hang: true }] });
    await expect(otx(GENERAL, 300)).rejects.toThrow('timeout');
    expect((await otx('/api/v1/user/me')).status).toBe(200);
  });

  it('resets the connection', async () => {
    await setFaults({ rules: [{ path: 'general', reset: true, times: 1 }] });
    await expect(otx(GENERAL)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await otx(GENERAL)).status).toBe(200);
  });

  it('delays a request by delayMs and then answers normally', async () => {
    await setFaults({ rules: [{ path: 'user/me', delayMs: 300 }] });
    const started = Date.now();
    expect((await otx('/api/v1/user/me')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('adds latencyMs to OTX requests but not to the control API', async () => {
    await setFaults({ latencyMs: 300, rules: [] });
    let started = Date.now();
    await otx('/api/v1/user/me');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    await control('GET', 'stats');
    expect(Date.now() - started).toBeLessThan(250);
  });

  it.each([
    ['an invalid regular expression', { rules: [{ path: '(' }] }],
    ['rules missing', {}],
    ['a status out of range', { rules: [{ path: 'x', status: 42 }] }],
    ['an unknown rule field', { rules: [{ path: 'x', statusCode: 500 }] }],
    ['a negative latency', { latencyMs: -1, rules: [] }],
  ])('answers 400 for %s and keeps the old config', async (_name, config) => {
    await setFaults({ rules: [{ path: 'keep-me', status: 500 }] });
    const res = await setFaults(config);
    expect(res.status).toBe(400);
    expect(typeof res.body.detail).toBe('string');
    expect((await control('GET', 'faults')).body.rules?.[0].path).toBe('keep-me');
  });
});

describe('latencyMs option', () => {
  it('delays every OTX request of the app', async () => {
    const app = await createOtxSimApp({ latencyMs: 250 });
    try {
      const base = await listenOnLoopback(app);
      const started = Date.now();
      expect((await rawRequest(`${base}/api/v1/user/me`, { headers: KEY })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    } finally {
      await app.close();
    }
  });
});
