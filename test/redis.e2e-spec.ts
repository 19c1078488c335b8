import { SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { RelayProcess, spawnRelay } from './helpers/processes';
import { describeWithRedis, RunningRedis, startRedis } from './helpers/redis';
import { relayEnvFor, RunningServer, startSim } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

describeWithRedis('two relay processes sharing one Redis', () => {
  let redis: RunningRedis;
  let sim: RunningServer;
  const relays: RelayProcess[] = [];
  const control = simControl(() => sim.url);

  beforeAll(async () => {
    redis = await startRedis();
    sim = await startSim();
    const env = relayEnvFor(sim, { REDIS_URL: redis.url });
    relays.push(await spawnRelay(env), await spawnRelay(env));
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await sim?.close();
    await redis?.stop();
  });

  const observe = async (relayUrl: string) => {
    const token = await simToken(sim.url, trClaims(sim.url, relayUrl));
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
