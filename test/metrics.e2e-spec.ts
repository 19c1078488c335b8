import { SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import {
  describeWithOwnConfig,
  relayEnvFor,
  RunningServer,
  startRelay,
  startSim,
  useSimAndRelay,
} from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

/** Prometheus text → `name{a="1",b="2"}` (labels sorted) → value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, k, v]) => `${k}="${v}"`)
      .sort();
    samples.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return samples;
}

/** Scrapes `/metrics` now, and returns how much a sample grew since. */
async function metricsDelta(relayUrl: string) {
  const scrape = async () => {
    const res = await request(`${relayUrl}/metrics`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.text);
  };
  const before = await scrape();
  return async () => {
    const after = await scrape();
    return (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  };
}

describe('GET /metrics', () => {
  const ctx = useSimAndRelay();

  it('counts requests by route and outcome, and their latency, without a token', async () => {
    const since = await metricsDelta(ctx.relay.url);
    await request(`${ctx.relay.url}/refer/observables`, { body: [O.ip] });
    await request(`${ctx.relay.url}/refer/observables`, { body: [O.domain] });
    await request(`${ctx.relay.url}/health`);
    const delta = await since();
    expect(delta('relay_requests_total{outcome="ok",route="/refer/observables"}')).toBe(2);
    expect(delta('relay_requests_total{outcome="authorization error",route="/health"}')).toBe(1);
    expect(delta('relay_request_duration_seconds_count{route="/refer/observables"}')).toBe(2);
    expect(delta('relay_request_duration_seconds_bucket{le="+Inf",route="/health"}')).toBe(1);
  });

  it('exports the default process metrics', async () => {
    const res = await request(`${ctx.relay.url}/metrics`, { method: 'GET' });
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
  });

  it('answers a wrong method with 405, as every route does', async () => {
    const res = await request(`${ctx.relay.url}/metrics`, { body: [] });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describeWithOwnConfig("OTX metrics, from the OTX client's observer", () => {
  let sim: RunningServer;
  let relay: RunningServer;
  const control = simControl(() => sim.url);
  beforeAll(async () => {
    sim = await startSim();
    relay = await startRelay(relayEnvFor(sim, { OTX_TIMEOUT_MS: '5000' }));
  });
  afterAll(async () => {
    await relay?.close();
    await sim?.close();
  });

  it('counts OTX calls by endpoint and status, retries, cache hits and misses', async () => {
    const token = await simToken(sim.url, trClaims(sim.url, relay.url));
    const observe = () =>
      request(`${relay.url}/observe/observables`, { body: [O.ipv6], headers: bearer(token) });
    await control.faults([{ path: '^/api/v1/indicators/IPv6/', status: 503, times: 1 }]);
    const since = await metricsDelta(relay.url);
    expect((await observe()).body.errors).toBeUndefined(); // the 503 was retried
    expect((await observe()).body.errors).toBeUndefined(); // from the cache this time
    const delta = await since();
    expect(delta('relay_otx_requests_total{endpoint="general",status="503"}')).toBe(1);
    expect(delta('relay_otx_requests_total{endpoint="general",status="200"}')).toBe(1);
    expect(delta('relay_otx_retries_total{endpoint="general",reason="503"}')).toBe(1);
    expect(delta('relay_otx_request_duration_seconds_count{endpoint="pulse-indicators"}')).toBe(
      (await control.stats()).byRoute.pulseIndicators,
    );
    expect(delta('relay_otx_cache_misses_total{kind="general"}')).toBe(1);
    expect(delta('relay_otx_cache_hits_total{kind="general"}')).toBe(1);
    expect(delta('relay_otx_rejections_total{reason="budget"}')).toBe(0);
  });
});

describeWithOwnConfig('METRICS_ENABLED=false', () => {
  let relay: RunningServer;
  beforeAll(async () => (relay = await startRelay({ METRICS_ENABLED: 'false' })));
  afterAll(() => relay?.close());

  it('serves no /metrics', async () => {
    const res = await request(`${relay.url}/metrics`, { method: 'GET' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 404, reason: 'NotFound' });
  });
});
