import { validateCtimBundle } from '@app/ctim';
import {
  expectationFor,
  SIM_OBSERVABLES as O,
  SIM_SCENARIOS,
  type SimObservableName,
} from '../apps/otx-sim/src/fixtures';
import {
  expectedIndicator,
  expectedSightings as sightingsFor,
  judgeableScenarios,
} from './helpers/ctim-expectations';
import { bearer, request } from './helpers/http';
import {
  describeWithOwnConfig,
  E2E_OTX_TIMEOUT_MS,
  itWithE2eOtxTimeout,
  useSimAndRelay,
} from './helpers/servers';

const timedOut = `Something went wrong. Reason: AlienVault OTX timed out (no answer within ${E2E_OTX_TIMEOUT_MS} ms).`;
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

/** The disposition and Judgement confidence of each Verdict of an answer, in order. */
const verdictsOf = (body: any) =>
  (body.data.verdicts?.docs ?? []).map((v: any, i: number) => ({
    observable: v.observable,
    disposition: v.disposition_name,
    confidence: body.data.judgements.docs[i].confidence,
  }));

/** What the corpus oracle says of a scenario's Verdict, in the shape of `verdictsOf`. */
const verdictOracle = (name: SimObservableName) => ({
  observable: O[name],
  disposition: SIM_SCENARIOS[name].verdict?.disposition,
  confidence: SIM_SCENARIOS[name].verdict?.confidence,
});

describe('POST /observe/observables against the simulator', () => {
  const ctx = useSimAndRelay();
  const observe = async (body: Obs[], claims: Record<string, unknown> = {}) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url, claims));
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body,
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    // Every entity of every answer fits the CTIM schemas (contract §9.4).
    if (res.body.data)
      expect(validateCtimBundle(res.body.data)).toEqual({ valid: true, errors: [] });
    return res.body;
  };

  /** The Sightings the corpus says a contract-following relay must return, in order. */
  const expectedSightings = (observables: Obs[], limit = 100) =>
    sightingsFor(ctx.sim.url, observables, limit);

  it.each(['ip', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256'] as const)(
    'finds every pulse match of the corpus for %s, newest first',
    async (name) => {
      const observable = O[name];
      const expected = expectationFor(observable);
      expect(expected.matches.length).toBeGreaterThanOrEqual(2);
      const body = await observe([observable]);
      expect(body.errors).toBeUndefined();
      expect(body.data.sightings).toEqual({
        count: expected.matches.length,
        docs: expectedSightings([observable]),
      });
    },
  );

  it("links each Sighting to its pulse's Indicator (one per pulse, contract §7.3, §7.4)", async () => {
    const body = await observe([O.ip]);
    const { sightings, indicators, relationships } = body.data;
    const matches = expectationFor(O.ip).matches;
    expect(indicators.count).toBe(matches.length);
    matches.forEach((m, i) => {
      const indicator = indicators.docs[i];
      expect(indicator).toEqual(expectedIndicator(ctx.sim.url, m));
      expect(relationships.docs[i]).toEqual({
        type: 'relationship',
        id: expect.stringMatching(/^transient:relationship-[0-9a-f-]{36}$/),
        schema_version: '1.0.17',
        relationship_type: 'member-of',
        source_ref: sightings.docs[i].id,
        target_ref: indicator.id,
      });
    });
    expect(matches.some((m) => m.expiration === null)).toBe(true);
  });

  it("carries each pulse's context: references, ATT&CK techniques, families, the data table", async () => {
    const body = await observe([O.ipMalicious]);
    const matches = expectationFor(O.ipMalicious).matches;
    expect(matches).toHaveLength(3);
    expect(body.data.indicators.docs).toEqual(
      matches.map((m) => expectedIndicator(ctx.sim.url, m)),
    );
    expect(body.data.sightings.docs).toEqual(expectedSightings([O.ipMalicious]));
    // A sanity check of the expectation itself: the richest pulse has every kind of context.
    const richest = body.data.indicators.docs[0];
    expect(richest.external_references.map((r: { source_name: string }) => r.source_name)).toEqual([
      'AlienVault OTX',
      'AlienVault OTX',
      'mitre-attack',
      'mitre-attack',
      'mitre-attack',
    ]);
    expect(richest.tags).toEqual(expect.arrayContaining(['adversary:APT28', 'industry:Defense']));
  });

  it('concatenates observables in request order and skips what OTX is not asked about', async () => {
    const request = [O.sha1, O.email, { type: 'device', value: 'laptop-7' }, O.domain, O.ip];
    const body = await observe(request);
    expect(body.data.sightings.docs).toEqual(expectedSightings([O.sha1, O.domain, O.ip]));
  });

  it('applies CTR_ENTITIES_LIMIT from the token per observable', async () => {
    expect(expectationFor(O.ipManyPulses).matches.length).toBe(6);
    const body = await observe([O.ipManyPulses, O.domain], { CTR_ENTITIES_LIMIT: '2' });
    expect(body.data.sightings.docs).toEqual(expectedSightings([O.ipManyPulses, O.domain], 2));
  });

  it.each(['email', 'ipUnknown', 'ipPrivate', 'ipGeneral404', 'ipGeneral400'] as const)(
    'answers {"data": {}} for %s (no record, no verdict)',
    async (name) => {
      expect(SIM_SCENARIOS[name].verdict).toBeNull();
      expect(await observe([O[name]])).toEqual({ data: {} });
    },
  );

  it.each(['ipNoMatch', 'ipEmptyBase', 'domainAllowListed', 'ipPage404'] as const)(
    'answers only the Judgement and Verdict of %s, which no pulse record lists',
    async (name) => {
      const body = await observe([O[name]]);
      expect(Object.keys(body.data).sort()).toEqual(['judgements', 'verdicts']);
      expect(verdictsOf(body)).toEqual([verdictOracle(name)]);
    },
  );

  it('judges every observable as the corpus oracle says, beside its Sightings', async () => {
    const names = judgeableScenarios();
    const body = await observe(names.map((n) => O[n]));
    const expected = names.filter((n) => SIM_SCENARIOS[n].verdict !== null).map(verdictOracle);
    expect(verdictsOf(body)).toEqual(expected);
    const { judgements, verdicts } = body.data;
    // One Verdict per Judgement, naming it, valid from the answer for VERDICT_TTL_DAYS (7).
    verdicts.docs.forEach((verdict: any, i: number) => {
      const judgement = judgements.docs[i];
      expect(verdict).toEqual({
        type: 'verdict',
        disposition: judgement.disposition,
        disposition_name: judgement.disposition_name,
        observable: judgement.observable,
        judgement_id: judgement.id,
        valid_time: judgement.valid_time,
      });
      const { start_time, end_time } = judgement.valid_time;
      expect(Date.parse(end_time) - Date.parse(start_time)).toBe(7 * 86_400_000);
      expect(Math.abs(Date.parse(start_time) - Date.now())).toBeLessThan(60_000);
      expect(judgement).toMatchObject({
        source: 'AlienVault OTX',
        priority: 90,
        reason: expect.any(String),
      });
    });
  });

  it.each([
    ['ipGeneral500', 'oops', 'Something went wrong. Reason: 500 Internal Server Error.'],
    ['ipGeneral429', 'oops', 'Something went wrong. Reason: 429 Too Many Requests.'],
    ['ipGeneral502Html', 'oops', 'Something went wrong. Reason: 502 Bad Gateway.'],
    [
      'ipGeneralNotJson',
      'oops',
      expect.stringMatching(
        /^Something went wrong\. Reason: AlienVault OTX sent an invalid response/,
      ),
    ],
  ] as const)('keeps the other observables when %s fails', async (name, code, message) => {
    const body = await observe([O.ip, O[name], O.domain]);
    expect(body.errors).toEqual([{ code, message, type: 'fatal' }]);
    expect(body.data.sightings.docs).toEqual(expectedSightings([O.ip, O.domain]));
  });

  itWithE2eOtxTimeout('keeps the other observables when ipGeneralHang fails', async () => {
    const body = await observe([O.ip, O.ipGeneralHang, O.domain]);
    expect(body.errors).toEqual([{ code: 'oops', message: timedOut, type: 'fatal' }]);
    expect(body.data.sightings.docs).toEqual(expectedSightings([O.ip, O.domain]));
  });

  itWithE2eOtxTimeout(
    'keeps the pulses that matched when another pulse of the observable fails',
    async () => {
      const expected = expectationFor(O.ipPartial);
      expect(expected.matches.length).toBe(1);
      expect(expected.failingPulses.length).toBe(1);
      const body = await observe([O.ipPartial, O.ipPageHang]);
      expect(body.data.sightings.docs).toEqual(expectedSightings([O.ipPartial]));
      expect(body.errors).toEqual([
        {
          code: 'oops',
          message: 'Something went wrong. Reason: 500 Internal Server Error.',
          type: 'warning',
        },
        { code: 'oops', message: timedOut, type: 'warning' },
      ]);
    },
  );

  it('reports a key OTX refuses once, however many observables it hit', async () => {
    const body = await observe([O.ip, O.domain], { key: 'revoked-key' });
    expect(body).toEqual({
      errors: [
        {
          code: 'authorization error',
          message: 'Authorization failed: Authorization failed on AlienVault OTX side',
          type: 'fatal',
        },
      ],
    });
  });

  it('authenticates even when no observable is supported', async () => {
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body: [{ type: 'device', value: 'x' }],
    });
    expect(res.body.errors[0].code).toBe('authorization error');
    expect(await observe([{ type: 'device', value: 'x' }])).toEqual({ data: {} });
  });
});

describeWithOwnConfig('observe when paging is capped or OTX is unreachable', () => {
  const capped = useSimAndRelay({ OTX_MAX_PAGES: '2' });

  it('warns when OTX_MAX_PAGES stopped a pulse search before the match', async () => {
    const token = await simToken(capped.sim.url, trClaims(capped.sim.url, capped.relay.url));
    const res = await request(`${capped.relay.url}/observe/observables`, {
      body: [O.ip],
      headers: bearer(token),
    });
    const full = expectationFor(O.ip).matches.length;
    expect(res.body.data.sightings.count).toBe(full - 1);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ code: 'pulse search incomplete', type: 'warning' }),
    ]);
  });

  it('reports a connection failure in the envelope', async () => {
    const { startRelay, relayEnvFor } = await import('./helpers/servers');
    const relay = await startRelay(relayEnvFor(capped.sim, { OTX_BASE_URL: 'http://127.0.0.1:9' }));
    try {
      const token = await simToken(capped.sim.url, trClaims(capped.sim.url, relay.url));
      const res = await request(`${relay.url}/observe/observables`, {
        body: [O.ip],
        headers: bearer(token),
      });
      expect(res.body).toEqual({
        errors: [
          {
            code: 'oops',
            message: expect.stringMatching(
              /^Something went wrong\. Reason: AlienVault OTX could not be reached \(.*ECONNREFUSED/,
            ),
            type: 'fatal',
          },
        ],
      });
    } finally {
      await relay.close();
    }
  });
});
