import { SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { describeWithOwnConfig, useSimAndRelay } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

function observer(ctx: { sim: { url: string }; relay: { url: string } }) {
  return async (body: Obs[]) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    return (await request(`${ctx.relay.url}/observe/observables`, { body, headers: bearer(token) }))
      .body;
  };
}

describeWithOwnConfig('retries on transient OTX failures', () => {
  const ctx = useSimAndRelay({ CACHE_MAX_ENTRIES: '0' });
  const sim = simControl(() => ctx.sim.url);
  const observe = observer(ctx);
  afterEach(() => sim.faults([]));

  it.each([502, 503, 504, 429])('retries a %i and returns the data', async (status) => {
    await sim.reset();
    await sim.faults([{ path: '/indicators/IPv4/', status, times: 1 }]);
    const body = await observe([O.ip]);
    expect(body.errors).toBeUndefined();
    expect(body.data.sightings.count).toBeGreaterThan(0);
    expect((await sim.stats()).byRoute.general).toBe(2);
  });

  it('does not retry a 404 or a 403', async () => {
    await sim.reset();
    await sim.faults([{ path: '/indicators/IPv4/', status: 403, times: 1 }]);
    const body = await observe([O.ip]);
    expect(body.errors[0].code).toBe('authorization error');
    expect((await sim.stats()).byRoute.general).toBe(1);
  });

  it('gives up after OTX_RETRIES and reports the last status', async () => {
    await sim.reset();
    await sim.faults([{ path: '/indicators/IPv4/', status: 502 }]);
    const body = await observe([O.ip]);
    expect(body.errors).toEqual([
      { code: 'oops', message: 'Something went wrong. Reason: 502 Bad Gateway.', type: 'fatal' },
    ]);
    expect((await sim.stats()).byRoute.general).toBe(3);
  });
});

describeWithOwnConfig('the circuit breaker on repeated 429s', () => {
  const ctx = useSimAndRelay({
    OTX_RETRIES: '0',
    OTX_BREAKER_THRESHOLD: '2',
    OTX_BREAKER_COOLDOWN_S: '30',
    CACHE_MAX_ENTRIES: '0',
  });
  const sim = simControl(() => ctx.sim.url);
  const observe = observer(ctx);

  it('opens after repeated 429s and then fails fast without calling OTX', async () => {
    await sim.faults([{ path: '/indicators/', status: 429 }]);
    const first = await observe([O.ip, O.domain]);
    expect(first.errors[0].message).toBe('Something went wrong. Reason: 429 Too Many Requests.');
    await sim.faults([]);
    await sim.reset();
    const second = await observe([O.sha1]);
    expect(second.errors).toEqual([
      {
        code: 'too many requests',
        message: expect.stringMatching(
          /^AlienVault OTX is rate-limiting this API key; the relay pauses its calls\. Retry after \d+ s\.$/,
        ),
        type: 'fatal',
      },
    ]);
    expect((await sim.stats()).requests).toBe(0);
  });
});

describeWithOwnConfig('the request deadline', () => {
  const ctx = useSimAndRelay({ REQUEST_DEADLINE_MS: '1500', OTX_TIMEOUT_MS: '10000' });
  const observe = observer(ctx);

  it('returns what is done and names what was abandoned', async () => {
    const started = Date.now();
    const body = await observe([O.ip, O.ipGeneralHang]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(body.data.sightings.count).toBeGreaterThan(0);
    expect(body.errors).toEqual([
      {
        code: 'request deadline exceeded',
        message:
          'The lookups of these observables did not finish within REQUEST_DEADLINE_MS (1500 ms) ' +
          `and were abandoned: ip ${O.ipGeneralHang.value}.`,
        type: 'fatal',
      },
    ]);
  });
});

describeWithOwnConfig('the request budget per OTX key', () => {
  const ctx = useSimAndRelay({
    OTX_RATE_PER_MINUTE: '2',
    REQUEST_DEADLINE_MS: '1500',
    CACHE_MAX_ENTRIES: '0',
  });
  const sim = simControl(() => ctx.sim.url);
  const observe = observer(ctx);

  it('spends at most the budget and says so for the rest', async () => {
    await sim.reset();
    const body = await observe([O.ipUnknown, O.domainAllowListed, O.ipGeneral404, O.ipGeneral400]);
    const { byRoute } = await sim.stats();
    expect(byRoute.general + byRoute.pulseIndicators).toBeLessThanOrEqual(2);
    expect(body.errors.map((e: any) => e.code)).toContain('too many requests');
  });
});

describeWithOwnConfig('the request budget refills continuously (token bucket)', () => {
  // One token at a time, a new one every 50 ms.
  const ctx = useSimAndRelay({
    OTX_RATE_PER_MINUTE: '1200',
    OTX_RATE_BURST: '1',
    CACHE_MAX_ENTRIES: '0',
  });
  const sim = simControl(() => ctx.sim.url);
  const observe = observer(ctx);

  it('makes calls beyond the burst wait their turn, and answers in full', async () => {
    await sim.reset();
    const started = performance.now();
    const body = await observe([O.ip, O.domain]);
    const elapsedMs = performance.now() - started;

    const { byRoute } = await sim.stats();
    const calls = byRoute.general + byRoute.pulseIndicators;
    expect(body.errors).toBeUndefined();
    expect(body.data.sightings.count).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(2);
    // Timers may fire a millisecond early; the bucket never lets two calls share a token.
    expect(elapsedMs).toBeGreaterThanOrEqual((calls - 1) * 50 - 5);
  });
});
