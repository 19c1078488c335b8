import { FakeOtxServer, sendJson } from '../testing/fake-otx.server';
import { SteppingClock, useCachingClients } from '../testing/stepping-clock';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const FOUND = {
  base_indicator: { type: 'IPv4' },
  pulse_info: { count: 1, pulses: [{ id: 'p1', name: 'P' }] },
};
const NO_PULSES = { base_indicator: {}, pulse_info: { count: 0, pulses: [] } };
const IP = '203.0.113.7';

describe('OtxSession lookup cache and coalescing (in memory, fake clock)', () => {
  let otx: FakeOtxServer;
  let clock: SteppingClock;
  const { cacheEvents, client } = useCachingClients(T0, (server, c) => {
    otx = server;
    clock = c;
  });
  const answer = (status: number, body: unknown) => {
    otx.handler = (_req, res) => sendJson(res, status, body);
  };

  it('serves a repeated general lookup from the cache, across sessions, for the hit TTL', async () => {
    answer(200, FOUND);
    const c = client();
    await c.session('k').getGeneral('ip', IP);
    const again = c.session('k');

    await expect(again.getGeneral('ip', IP)).resolves.toEqual(FOUND);
    expect(again.callCount).toBe(0);
    expect(otx.requests).toHaveLength(1);
    expect(cacheEvents).toEqual(['general miss', 'general hit']);
    clock.advance(3_599_000);
    await c.session('k').getGeneral('ip', IP);
    expect(otx.requests).toHaveLength(1);
    clock.advance(2_000);
    await c.session('k').getGeneral('ip', IP);
    expect(otx.requests).toHaveLength(2);
  });

  it.each([
    ['404 (null)', 404, { detail: 'x' }],
    ['no pulses', 200, NO_PULSES],
  ])('keeps "no data" (%s) for the empty TTL only', async (_what, status, body) => {
    answer(status, body);
    const c = client();
    await c.session('k').getGeneral('ip', IP);
    clock.advance(899_000);
    await c.session('k').getGeneral('ip', IP);
    expect(otx.requests).toHaveLength(1);
    clock.advance(2_000);
    await c.session('k').getGeneral('ip', IP);
    expect(otx.requests).toHaveLength(2);
  });

  it('never caches errors', async () => {
    answer(500, {});
    const c = client({ retries: 0 });
    await expect(c.session('k').getGeneral('ip', IP)).rejects.toMatchObject({ status: 500 });
    answer(200, FOUND);
    await expect(c.session('k').getGeneral('ip', IP)).resolves.toEqual(FOUND);
    expect(otx.requests).toHaveLength(2);
  });

  it('keeps each OTX key’s entries apart, and values apart by type', async () => {
    answer(200, FOUND);
    const c = client();
    await c.session('key-a').getGeneral('ip', IP);
    await c.session('key-b').getGeneral('ip', IP);
    await c.session('key-a').getGeneral('domain', IP);
    await c.session('key-a').getGeneral('ip', IP);
    expect(otx.requests.map((r) => r.headers['x-otx-api-key'])).toEqual([
      'key-a',
      'key-b',
      'key-a',
    ]);
  });

  it('caches nothing with TTLs of 0', async () => {
    answer(200, FOUND);
    const c = client({ cacheTtlHitS: 0, cacheTtlEmptyS: 0 });
    await c.session('k').getGeneral('ip', IP);
    await c.session('k').getGeneral('ip', IP);
    expect(otx.requests).toHaveLength(2);
  });

  it('shares one upstream call between identical lookups in flight, across sessions', async () => {
    otx.handler = (_req, res) => setTimeout(() => sendJson(res, 200, FOUND), 50);
    const c = client();
    const sessions = [c.session('k'), c.session('k'), c.session('other')];

    const results = await Promise.all(sessions.map((s) => s.getGeneral('ip', IP)));

    expect(results).toEqual([FOUND, FOUND, FOUND]);
    expect(otx.requests).toHaveLength(2);
    expect(sessions.map((s) => s.callCount)).toEqual([1, 0, 1]);
  });
});
