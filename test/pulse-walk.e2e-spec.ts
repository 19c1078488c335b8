import { SIM_OBSERVABLES as O, SIM_PULSES as P } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { describeWithOwnConfig, itWithOwnConfig, useSimAndRelay } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

describe('the pulse walk: which pulses are walked (contract §6.4 step 3, §11 item 14)', () => {
  const ctx = useSimAndRelay({ CACHE_MAX_ENTRIES: '0' });
  const sim = simControl(() => ctx.sim.url);
  const observe = async (body: Obs[]) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body,
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const sighted = (body: { data?: { sightings?: { docs: { external_ids: string[] }[] } } }) =>
    body.data?.sightings?.docs.map((s) => s.external_ids[0]) ?? [];

  beforeEach(() => sim.reset());

  it("finds a SHA1 whose general names the file's MD5 as base", async () => {
    const body = await observe([O.sha1BaseMd5]);
    expect(body.errors).toBeUndefined();
    expect(sighted(body)).toEqual([P.sha1Droppers.id]);
  });

  // Counting OTX calls needs this relay's cache off: an external relay (RELAY_URL) may answer
  // from its cache what another test already asked.
  itWithOwnConfig('for that SHA1, walks only its SHA1 pulse, not the MD5 one', async () => {
    await observe([O.sha1BaseMd5]);
    // general, then one page of sha1Droppers; md5Samples (related type MD5) is never asked for.
    expect((await sim.stats()).byRoute).toMatchObject({ general: 1, pulseIndicators: 1 });
  });

  it('finds an IPv4 that is the expired, uncounted only IPv4 of its pulse', async () => {
    const body = await observe([O.ipExpiredOnly]);
    expect(body.errors).toBeUndefined();
    expect(sighted(body)).toEqual([P.expiredIpOnly.id]);
    expect(body.data.indicators.docs[0].valid_time).toEqual({
      start_time: '2022-08-01T08:00:12Z',
      end_time: '2022-08-31T08:00:12Z',
    });
  });

  it('finds an expired record in a pulse that still counts other IPv4s', async () => {
    const body = await observe([O.ipExpired]);
    expect(sighted(body)).toEqual([P.sshHoneypot.id]);
  });

  it('walks a pulse whose counts omit the type when it names the type as related', async () => {
    const body = await observe([O.ip]);
    expect(sighted(body)[0]).toBe(P.domainsOnly.id);
    expect(sighted(body)).toHaveLength(4);
  });
});

describe('honest toward OTX (contract §3.3, §6.2)', () => {
  const ctx = useSimAndRelay({ CACHE_MAX_ENTRIES: '0' });
  const sim = simControl(() => ctx.sim.url);

  it.each(['/observe/observables', '/deliberate/observables', '/health'])(
    'refuses an empty OTX key on %s without calling OTX (no anonymous call)',
    async (path) => {
      await sim.reset();
      const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url, { key: '' }));
      const res = await request(`${ctx.relay.url}${path}`, {
        body: [O.ip],
        headers: bearer(token),
      });
      expect(res.body).toEqual({
        errors: [
          {
            code: 'authorization error',
            message:
              "Authorization failed: The module's AlienVault OTX API key is empty: " +
              "set OTX API Key in the module's configuration",
            type: 'fatal',
          },
        ],
      });
      const { byRoute } = await sim.stats();
      expect([byRoute.user, byRoute.general, byRoute.pulseIndicators]).toEqual([0, 0, 0]);
    },
  );
});

describeWithOwnConfig(
  'under the request deadline, observables under way finish first (contract §6.7)',
  () => {
    // A slow OTX: 1 s a call, 4 calls at a time, 5 s for the request; 30 observables of the bench
    // corpus, each in 1 pulse whose match is on page 2: 3 calls in a row each, 90 in all.
    const ctx = useSimAndRelay(
      {
        REQUEST_DEADLINE_MS: '5000',
        OTX_CONCURRENCY: '4',
        OTX_TIMEOUT_MS: '3000',
        CACHE_MAX_ENTRIES: '0',
      },
      { latencyMs: 1000, benchObservables: 30, benchPulses: 1 },
    );

    it('returns the observables it could finish, in full, and names the rest', async () => {
      const corpus = (await request(`${ctx.sim.url}/_sim/bench-observables`, { method: 'GET' }))
        .body as { observables: Obs[]; pulsesPerObservable: number };
      expect(corpus.observables).toHaveLength(30);
      const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
      const started = Date.now();
      const res = await request(`${ctx.relay.url}/observe/observables`, {
        body: corpus.observables,
        headers: bearer(token),
      });
      const elapsed = Date.now() - started;
      // The JWKS fetch (1 s here too) comes before the deadline starts.
      expect(elapsed).toBeLessThan(7500);
      const sightings: { observables: Obs[] }[] = res.body.data?.sightings?.docs ?? [];
      const perValue = new Map<string, number>();
      for (const s of sightings) {
        const value = s.observables[0].value;
        perValue.set(value, (perValue.get(value) ?? 0) + 1);
      }
      // The deadline error names the unfinished observables in request order (20, then a count).
      const deadline = res.body.errors.find(
        (e: { code: string }) => e.code === 'request deadline exceeded',
      );
      const more = Number(/ and (\d+) more\.$/.exec(deadline.message)?.[1] ?? 0);
      const listed = (/abandoned: (.*?)(?: and \d+ more)?\.$/.exec(deadline.message)?.[1] ?? '')
        .split('; ')
        .map((name) => name.slice(name.indexOf(' ') + 1));
      const values = corpus.observables.map((o) => o.value);
      const finishedCount = values.length - listed.length - more;
      // The observables that finished are the first of the request; the rest are named, in order.
      expect(finishedCount).toBeGreaterThanOrEqual(1);
      expect(listed).toEqual(values.slice(finishedCount, finishedCount + listed.length));
      // Each finished observable is whole: every sighting it has (one pulse each), and the ones
      // not finished are not half-answered either.
      const finished = values.slice(0, finishedCount);
      expect(finished.some((v) => perValue.get(v) === corpus.pulsesPerObservable)).toBe(true);
      for (const value of finished)
        expect([0, corpus.pulsesPerObservable]).toContain(perValue.get(value) ?? 0);
      for (const value of values.slice(finishedCount)) expect(perValue.get(value) ?? 0).toBe(0);
    }, 30_000);
  },
);
