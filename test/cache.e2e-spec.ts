import { SIM_OBSERVABLES as O, expectationFor } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { describeWithRedis, RunningRedis, startRedis } from './helpers/redis';
import { describeWithOwnConfig, relayEnvFor, startRelay, useSimAndRelay } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

/** The cache and paging behaviour, run once per backend. */
function cacheSuite(env: Record<string, string>) {
  const ctx = useSimAndRelay(env);
  const sim = simControl(() => ctx.sim.url);
  const observe = async (body: Obs[], claims: Record<string, unknown> = {}) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url, claims));
    return (await request(`${ctx.relay.url}/observe/observables`, { body, headers: bearer(token) }))
      .body;
  };
  const ids = (body: any) => body.data.sightings.docs.map((s: any) => s.external_ids[0]);

  it('answers a repeated query with zero OTX calls and the same entities', async () => {
    await sim.reset();
    const first = await observe([O.ip, O.sha256]);
    expect((await sim.stats()).requests).toBeGreaterThan(0);
    await sim.reset();
    const second = await observe([O.ip, O.sha256]);
    expect((await sim.stats()).requests).toBe(0);
    expect(ids(second)).toEqual(ids(first));
  });

  it('keeps cache entries apart per OTX key', async () => {
    await observe([O.sha1]);
    await sim.reset();
    const other = await observe([O.sha1], { key: 'revoked-key' });
    expect(other.errors[0].code).toBe('authorization error');
    expect((await sim.stats()).requests).toBeGreaterThan(0);
  });

  it('shares one upstream call between identical concurrent lookups', async () => {
    await sim.reset();
    await Promise.all([observe([O.url]), observe([O.url]), observe([O.url])]);
    expect((await sim.stats()).byRoute.general).toBe(1);
  });

  it('looks duplicates and case variants up once; each Sighting keeps the caller value', async () => {
    await sim.reset();
    const upper = { type: 'md5', value: O.md5.value.toUpperCase() };
    const body = await observe([O.md5, upper, O.md5]);
    expect((await sim.stats()).byRoute.general).toBe(1);
    const pulses = expectationFor(O.md5).matches.length;
    expect(body.data.sightings.docs.map((s: any) => s.observables[0].value)).toEqual([
      ...Array(pulses).fill(O.md5.value),
      ...Array(pulses).fill(upper.value),
    ]);
    expect(body.data.indicators.count).toBe(pulses);
    expect(body.data.relationships.count).toBe(2 * pulses);
  });

  it('finds expired indicators, which OTX hides unless include_inactive=1', async () => {
    const body = await observe([O.ipExpired]);
    expect(body.data.sightings.count).toBe(1);
  });
}

describeWithOwnConfig('lookup cache and paging (in-memory backend)', () => {
  cacheSuite({});
});

describeWithOwnConfig('pulse walks', () => {
  const ctx = useSimAndRelay();
  const sim = simControl(() => ctx.sim.url);
  const pageRequests = async (relayUrl: string, batches: Obs[][]) => {
    await sim.reset();
    for (const body of batches) {
      const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, relayUrl));
      await request(`${relayUrl}/observe/observables`, { body, headers: bearer(token) });
    }
    return (await sim.stats()).byRoute.pulseIndicators;
  };

  it('walks a pulse shared by two observables once per request', async () => {
    // `ip` and `domain` are both in the qakbot pulse.
    const separate = await startRelay(relayEnvFor(ctx.sim));
    const together = await startRelay(relayEnvFor(ctx.sim));
    try {
      const apart = await pageRequests(separate.url, [[O.ip], [O.domain]]);
      const joint = await pageRequests(together.url, [[O.ip, O.domain]]);
      expect(joint).toBeLessThan(apart);
    } finally {
      await separate.close();
      await together.close();
    }
  });
});

describeWithRedis('lookup cache and paging (Redis backend)', () => {
  const env: Record<string, string> = {};
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
    env.REDIS_URL = redis.url;
  });
  afterAll(() => redis?.stop());
  cacheSuite(env);
});
