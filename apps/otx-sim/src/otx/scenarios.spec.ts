import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SIM_OBSERVABLES as O, SIM_PULSES as P } from '../fixtures';
import { createOtxSimApp } from '../otx-sim.app';
import { listenOnLoopback, rawRequest } from '../testing/http-client';

describe('scenario observables over real HTTP', () => {
  let app: NestFastifyApplication;
  let base: string;
  const key = { 'x-otx-api-key': 'test-otx-key' };
  const general = (ip: string, timeoutMs?: number) =>
    rawRequest(`${base}/api/v1/indicators/IPv4/${ip}/general`, { headers: key, timeoutMs });

  beforeAll(async () => {
    app = await createOtxSimApp();
    base = await listenOnLoopback(app);
  });
  afterAll(() => app.close());

  it('answers 500 with an HTML page', async () => {
    const res = await general(O.ipGeneral500.value);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Server Error (500)');
  });

  it('answers 429 with a detail and no Retry-After or rate-limit headers', async () => {
    const res = await general(O.ipGeneral429.value);
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text)).toEqual({ detail: 'Over throttling limit (10000/hour)' });
    expect(res.headers['retry-after']).toBeUndefined();
    expect(Object.keys(res.headers).filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
  });

  it.each([
    [O.ipGeneral404.value, 404, 'Not found.'],
    [O.ipGeneral400.value, 400, 'Invalid indicator.'],
  ])('answers %s with %i and a JSON detail', async (ip, status, detail) => {
    const res = await general(ip);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toEqual({ detail });
  });

  it('answers 502 with a CloudFront HTML page', async () => {
    const res = await general(O.ipGeneral502Html.value);
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('The request could not be satisfied');
  });

  it('answers 200 with a body that is not JSON', async () => {
    const res = await general(O.ipGeneralNotJson.value);
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text) as unknown).toThrow();
  });

  it('never answers general for the hang value, but keeps serving others', async () => {
    const started = Date.now();
    await expect(general(O.ipGeneralHang.value, 300)).rejects.toThrow('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await general(O.ip.value)).status).toBe(200);
  });

  it('never answers the pages of the hanging pulse', async () => {
    const url = `${base}/api/v1/pulses/${P.pageHang.id}/indicators?sort=-created&limit=10000&page=1`;
    await expect(rawRequest(url, { headers: key, timeoutMs: 300 })).rejects.toThrow('timeout');
  });

  it('keeps the scenario faults behind the key check', async () => {
    const res = await rawRequest(`${base}/api/v1/indicators/IPv4/${O.ipGeneral500.value}/general`);
    expect(res.status).toBe(403);
  });

  it('closes promptly while a request hangs', async () => {
    const sim = await createOtxSimApp();
    const url = await listenOnLoopback(sim);
    const pending = rawRequest(`${url}/api/v1/indicators/IPv4/${O.ipGeneralHang.value}/general`, {
      headers: key,
      timeoutMs: 10_000,
    });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(pending).rejects.toThrow();
  });
});
