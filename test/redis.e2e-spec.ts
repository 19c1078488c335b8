import { SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { RelayProcess, spawnRelay } from './helpers/processes';
import { describeWithRedis, RunningRedis, startRedis } from './helpers/redis';
import { relayEnvFor, RunningServer, startSim } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

/** A Redis, the simulator and two relays using both, for the enclosing describe. */
function useTwoRelaysOnOneRedis(extraEnv: Record<string, string> = {}) {
  const ctx = { sim: undefined as unknown as RunningServer, relays: [] as RelayProcess[] };
  let redis: RunningRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    ctx.sim = await startSim();
    const env = relayEnvFor(ctx.sim, { REDIS_URL: redis.url, ...extraEnv });
    ctx.relays.push(await spawnRelay(env), await spawnRelay(env));
  });
  afterAll(async () => {
    await Promise.all(ctx.relays.map((r) => r.stop()));
    await ctx.sim?.close();
    await redis?.stop();
  });
  return ctx;
}

describeWithRedis('two relay processes sharing one Redis', () => {
  const ctx = useTwoRelaysOnOneRedis();
  const { relays } = ctx;
  const control = simControl(() => ctx.sim.url);

  const observe = async (relayUrl: string) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, relayUrl));
    const res = await request(`${relayUrl}/observe/observables`, {
      body: [O.ip, O.domain, O.sha256],
      headers: bearer(token),
    });
    return res.body;
  };

  it('the second answers a query the first made with zero OTX calls', async () => {
    await control.reset();
    const first = await observe(relays[0].url);
    expect((await control.stats()).requests).toBeGreaterThan(0);
    await control.reset();
    const second = await observe(relays[1].url);
    // The second relay fetched the JWKS once for the token; OTX itself was not called.
    const { byRoute } = await control.stats();
    expect(byRoute.general + byRoute.pulseIndicators + byRoute.user).toBe(0);
    expect(second.data.sightings.count).toBe(first.data.sightings.count);
    expect(second.data.indicators.docs.map((i: any) => i.id)).toEqual(
      first.data.indicators.docs.map((i: any) => i.id),
    );
  });

  it('both exit 0 on SIGTERM with Redis connected', async () => {
    const codes = await Promise.all(relays.map((r) => r.stop()));
    expect(codes).toEqual([0, 0]);
  });
});

describeWithRedis('two relay processes sharing one request budget in Redis', () => {
  // Two tokens a minute for the key, shared: the third call anywhere waits 30 s, past the deadline.
  const ctx = useTwoRelaysOnOneRedis({ OTX_RATE_PER_MINUTE: '2', REQUEST_DEADLINE_MS: '1500' });
  const { relays } = ctx;
  const control = simControl(() => ctx.sim.url);

  const observe = async (relayUrl: string, body: { type: string; value: string }[]) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, relayUrl));
    return (await request(`${relayUrl}/observe/observables`, { body, headers: bearer(token) }))
      .body;
  };

  it('spends one bucket across both relays', async () => {
    await control.reset();
    // One OTX call each (404 and 400 on general: no data, nothing to walk).
    expect((await observe(relays[0].url, [O.ipGeneral404])).errors).toBeUndefined();
    expect((await observe(relays[1].url, [O.ipGeneral400])).errors).toBeUndefined();

    const third = await observe(relays[0].url, [O.ipUnknown]);

    expect(third.errors.map((e: { code: string }) => e.code)).toEqual(['too many requests']);
    expect(third.errors[0].message).toMatch(/Retry after (2\d|30) s\./);
    expect((await control.stats()).byRoute.general).toBe(2);
  });
});
