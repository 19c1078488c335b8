import { CTIM_TLPS, validateCtimBundle, validateCtimEntity } from '@app/ctim';
import {
  expectationFor,
  findPulse,
  SIM_OBSERVABLES as O,
  SIM_PULSES,
  SIM_SCENARIOS,
  type SimObservableName,
  type SimPulse,
} from '../apps/otx-sim/src/fixtures';
import { expectedSightings, judgeableScenarios } from './helpers/ctim-expectations';
import { invalid, INVALID_INPUT } from './helpers/envelopes';
import { bearer, request } from './helpers/http';
import { describeWithOwnConfig, SimAndRelay, useSimAndRelay } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

/** Posts `body` to a relay route with a fresh token, and checks every entity it answers. */
function poster(ctx: SimAndRelay) {
  return async (route: 'deliberate' | 'observe', body: Obs[]) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const res = await request(`${ctx.relay.url}/${route}/observables`, {
      body,
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    if (res.body.data) {
      expect(validateCtimBundle(res.body.data)).toEqual({ valid: true, errors: [] });
      for (const doc of Object.values<any>(res.body.data).flatMap((c) => c.docs)) {
        expect(validateCtimEntity(doc)).toEqual({ valid: true, errors: [] });
      }
    }
    return res.body;
  };
}

const judgeable = judgeableScenarios();

/** `[observable, disposition name]` of each Verdict of an answer. */
const dispositions = (body: any) =>
  (body.data?.verdicts?.docs ?? []).map((v: any) => [v.observable, v.disposition_name]);

const TLP_RANK = Object.fromEntries([...CTIM_TLPS].reverse().map((t, i) => [t, i]));

/** The corpus pulses that list `value`, and those of them above `maxTlp`. */
function pulsesOf(value: string, maxTlp: string) {
  const listing = Object.values<SimPulse>(SIM_PULSES).filter((p) =>
    p.indicators.some((i) => i.indicator === value),
  );
  const above = listing.filter((p) => TLP_RANK[p.tlp] > TLP_RANK[maxTlp]);
  return { listing, above };
}

describe('POST /deliberate/observables against the simulator', () => {
  const ctx = useSimAndRelay();
  const post = poster(ctx);
  const sim = simControl(() => ctx.sim.url);
  afterEach(() => sim.faults([]));

  it('gives every observable of the corpus the disposition the oracle gives it', async () => {
    const body = await post(
      'deliberate',
      judgeable.map((n) => O[n]),
    );
    const expected = judgeable
      .filter((n) => SIM_SCENARIOS[n].verdict !== null)
      .map((n) => [O[n], SIM_SCENARIOS[n].verdict!.disposition]);
    expect(expected.length).toBeGreaterThan(20);
    expect(dispositions(body)).toEqual(expected);
    // Verdicts alone: the Judgements (and their confidence) are observe's.
    expect(Object.keys(body.data)).toEqual(['verdicts']);
    for (const verdict of body.data.verdicts.docs) {
      expect(Object.keys(verdict).sort()).toEqual(
        ['disposition', 'disposition_name', 'observable', 'type', 'valid_time'].sort(),
      );
      const { start_time, end_time } = verdict.valid_time;
      expect(Date.parse(end_time) - Date.parse(start_time)).toBe(7 * 86_400_000);
    }
  });

  it('agrees with the Verdicts of observe, whose Judgements carry the oracle confidence', async () => {
    const names: SimObservableName[] = [
      'ipMalicious',
      'ipAllowListedNoise',
      'ipProlificAuthor',
      'ipFalsePositive',
      'domainFreemail',
      'hostnameCdn',
    ];
    const observables = names.map((n) => O[n]);
    const deliberated = await post('deliberate', observables);
    const observed = await post('observe', observables);
    expect(dispositions(deliberated)).toEqual(dispositions(observed));
    expect(
      observed.data.judgements.docs.map((j: any) => [j.disposition_name, j.confidence]),
    ).toEqual(
      names.map((n) => [
        SIM_SCENARIOS[n].verdict!.disposition,
        SIM_SCENARIOS[n].verdict!.confidence,
      ]),
    );
  });

  it('answers {"data": {}} when no observable has evidence, and skips other types', async () => {
    const names = ['ipUnknown', 'domainPopularOnly', 'email', 'ipPrivate'] as const;
    for (const name of names) expect(SIM_SCENARIOS[name].verdict).toBeNull();
    const body = await post('deliberate', [
      ...names.map((n) => O[n]),
      { type: 'device', value: 'x' },
    ]);
    expect(body).toEqual({ data: {} });
  });

  it('keeps the caller value and looks a sub-domain sent as a domain up as a hostname', async () => {
    // The simulator's domain section does not know the sub-domain: only a hostname lookup finds it.
    expect(expectationFor(O.domainSubdomain).matches.length).toBeGreaterThan(0);
    const shouting = { type: 'domain', value: O.domainSubdomain.value.toUpperCase() };
    const body = await post('deliberate', [O.domainSubdomain, shouting, O.hostname]);
    expect(dispositions(body)).toEqual([
      [O.domainSubdomain, SIM_SCENARIOS.domainSubdomain.verdict!.disposition],
      [shouting, SIM_SCENARIOS.domainSubdomain.verdict!.disposition],
      [O.hostname, SIM_SCENARIOS.hostname.verdict!.disposition],
    ]);
  });

  it('asks OTX about an IDN sub-domain in punycode, in the hostname section', async () => {
    const recent = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 19);
    const pulse = (id: string, username: string) => ({
      id,
      name: `Pulse ${id}`,
      TLP: 'white',
      author: { username },
      modified: recent,
      related_indicator_type: 'hostname',
    });
    const general = {
      base_indicator: { type: 'hostname' },
      pulse_info: { count: 2, pulses: [pulse('a1', 'first'), pulse('b2', 'second')] },
      validation: [],
    };
    await sim.faults([
      {
        path: '^/api/v1/indicators/hostname/www\\.xn--bcher-kva\\.example/general$',
        status: 200,
        body: JSON.stringify(general),
        contentType: 'application/json',
      },
    ]);
    const idn = { type: 'domain', value: 'www.Bücher.example' };
    const body = await post('deliberate', [idn]);
    expect(dispositions(body)).toEqual([[idn, 'Malicious']]);
    expect((await sim.stats()).byRoute.general).toBeGreaterThan(0);
  });

  it('validates its body before the token, exactly like observe', async () => {
    const bodies: unknown[] = [
      { type: 'ip', value: '198.51.100.1' },
      [{ type: 'ip' }],
      [{ type: 'IP', value: ' ', extra: 1 }],
      'not json',
    ];
    for (const body of bodies) {
      const answers = await Promise.all(
        ['deliberate', 'observe'].map((route) =>
          request(`${ctx.relay.url}/${route}/observables`, { body }),
        ),
      );
      expect(answers[0].status).toBe(200);
      expect(answers[0].body).toEqual(answers[1].body);
      expect(answers[0].body.errors[0].code).toBe('invalid payload received');
    }
    const object = await request(`${ctx.relay.url}/deliberate/observables`, { body: {} });
    expect(object.body).toEqual(INVALID_INPUT);
    const missing = await request(`${ctx.relay.url}/deliberate/observables`, {
      body: [{ type: 'ip' }],
    });
    expect(missing.body).toEqual(invalid('{"0": {"value": ["Missing data for required field."]}}'));
  });

  it('needs the token once the body is valid', async () => {
    const res = await request(`${ctx.relay.url}/deliberate/observables`, { body: [O.ip] });
    expect(res.body).toEqual({
      errors: [
        {
          code: 'authorization error',
          message: 'Authorization failed: Authorization header is missing',
          type: 'fatal',
        },
      ],
    });
  });

  it('reports a failed general lookup as fatal, beside the verdicts it has', async () => {
    const body = await post('deliberate', [O.ipMalicious, O.ipGeneral500]);
    expect(body.errors).toEqual([
      {
        code: 'oops',
        message: 'Something went wrong. Reason: 500 Internal Server Error.',
        type: 'fatal',
      },
    ]);
    expect(dispositions(body)).toEqual([[O.ipMalicious, 'Malicious']]);
  });
});

/** A relay of its own with the simulator's counters of OTX calls (JWKS fetches left out). */
function withCallCounts() {
  const ctx = useSimAndRelay();
  const sim = simControl(() => ctx.sim.url);
  const otxCalls = async () => {
    const { byRoute } = await sim.stats();
    return { general: byRoute.general, pulses: byRoute.pulseIndicators, user: byRoute.user };
  };
  return { ctx, post: poster(ctx), sim, otxCalls };
}

/** Pulse pages an observe of `observables` walks: one per pulse match (each fits in a page). */
const pagesFor = (observables: Obs[]) =>
  observables.map((o) => expectationFor(o as never).matches.length).reduce((a, b) => a + b, 0);

describeWithOwnConfig('what a deliberate costs in OTX calls', () => {
  const { post, sim, otxCalls } = withCallCounts();

  it('deliberates 100 observables in at most 100 calls cold and none warm, walking no pulse', async () => {
    const evidence = judgeable.filter((n) => SIM_SCENARIOS[n].verdict !== null).map((n) => O[n]);
    const subdomains = Array.from({ length: 10 }, (_, i) => ({
      type: 'domain',
      value: `www-${i}.malware-drop.example`,
    }));
    const fillers = Array.from({ length: 100 - evidence.length - subdomains.length }, (_, i) => ({
      type: 'ip',
      value: `198.51.100.${100 + i}`,
    }));
    const observables = [...evidence, ...subdomains, ...fillers];
    expect(observables).toHaveLength(100);
    await sim.reset();
    const cold = await post('deliberate', observables);
    const coldCalls = await otxCalls();
    expect(coldCalls.general).toBeLessThanOrEqual(100);
    expect(coldCalls.general).toBeGreaterThan(90);
    expect(coldCalls).toMatchObject({ pulses: 0, user: 0 });
    expect(cold.data.verdicts.count).toBe(evidence.length);
    await sim.reset();
    const warm = await post('deliberate', observables);
    expect(await otxCalls()).toEqual({ general: 0, pulses: 0, user: 0 });
    expect(dispositions(warm)).toEqual(dispositions(cold));
  });
});

describeWithOwnConfig('what verdicts cost in OTX calls, beside the walk', () => {
  const { ctx, post, sim, otxCalls } = withCallCounts();

  it('observes with exactly the calls the walk needs: the verdict comes from general', async () => {
    const observables = [O.ipMalicious, O.domain];
    // One general per observable, one page per pulse that lists it.
    const pages = pagesFor(observables);
    await sim.reset();
    const observed = await post('observe', observables);
    expect(await otxCalls()).toEqual({ general: 2, pulses: pages, user: 0 });
    expect(observed.data.verdicts.count).toBe(2);
    expect(observed.data.sightings.count).toBe(pages);
    // Deliberating them afterwards is free: their general answers are cached.
    await sim.reset();
    await post('deliberate', observables);
    expect(await otxCalls()).toEqual({ general: 0, pulses: 0, user: 0 });
  });

  it('warms the cache for observe: after a deliberate, observe only walks', async () => {
    const observables = [O.ipStalePulses, O.hostname];
    await sim.reset();
    await post('deliberate', observables);
    expect(await otxCalls()).toEqual({ general: 2, pulses: 0, user: 0 });
    await sim.reset();
    const observed = await post('observe', observables);
    expect(await otxCalls()).toEqual({ general: 0, pulses: pagesFor(observables), user: 0 });
    expect(observed.data.sightings.docs).toEqual(expectedSightings(ctx.sim.url, observables));
  });
});

describeWithOwnConfig('OTX_MAX_TLP=amber leaves red pulses out of every answer', () => {
  const ctx = useSimAndRelay({ OTX_MAX_TLP: 'amber' });
  const post = poster(ctx);
  const sim = simControl(() => ctx.sim.url);
  const { above } = pulsesOf(O.ipTlpRed.value, 'amber');
  const warning = {
    code: 'pulses withheld by TLP policy',
    message: '1 pulse above OTX_MAX_TLP (amber) was left out of this answer.',
    type: 'warning',
  };

  it('has exactly one red pulse to leave out (a check of the corpus)', () => {
    expect(above.map((p) => p.tlp)).toEqual(['red']);
  });

  it('deliberates without it: one amber pulse by one author is Suspicious', async () => {
    const body = await post('deliberate', [O.ipTlpRed]);
    expect(dispositions(body)).toEqual([[O.ipTlpRed, 'Suspicious']]);
    expect(body.errors).toEqual([warning]);
  });

  it('never walks it, and observes only the other pulses, with one warning', async () => {
    await sim.reset();
    const body = await post('observe', [O.ipTlpRed, O.ipMalicious]);
    const kept = (o: Obs) => expectedSightings(ctx.sim.url, [o]).filter((s) => s.tlp !== 'red');
    expect(body.data.sightings.docs).toEqual([...kept(O.ipTlpRed), ...kept(O.ipMalicious)]);
    const walked = (await sim.stats()).byRoute.pulseIndicators;
    expect(walked).toBe(body.data.sightings.count);
    expect(body.data.sightings.docs.map((s: any) => s.external_ids[0])).not.toContain(above[0].id);
    expect(body.errors).toEqual([warning]);
    const [tlpRed, malicious] = body.data.judgements.docs;
    expect([tlpRed.disposition_name, tlpRed.confidence, tlpRed.tlp]).toEqual([
      'Suspicious',
      'Low',
      'amber',
    ]);
    expect(tlpRed.reason).not.toContain(findPulse(above[0].id)!.author.username);
    expect(malicious.disposition_name).toBe('Malicious');
  });
});

describeWithOwnConfig('OTX_MAX_TLP=green leaves amber and red pulses out', () => {
  const ctx = useSimAndRelay({ OTX_MAX_TLP: 'green' });
  const post = poster(ctx);

  it('gives no verdict when every pulse is withheld, and says how many were', async () => {
    const { listing, above } = pulsesOf(O.ipTlpRed.value, 'green');
    expect(above).toEqual(listing);
    const body = await post('deliberate', [O.ipTlpRed]);
    expect(body).toEqual({
      errors: [
        {
          code: 'pulses withheld by TLP policy',
          message: `${above.length} pulses above OTX_MAX_TLP (green) were left out of this answer.`,
          type: 'warning',
        },
      ],
    });
  });

  it('counts a pulse listed by several observables once', async () => {
    // The amber pulse of ipMalicious also lists this filler address.
    const filler = { type: 'ip', value: '203.0.113.180' };
    const withheld = [O.ipMalicious, filler].map((o) => pulsesOf(o.value, 'green').above);
    expect(withheld[0].map((p) => p.id)).toEqual(withheld[1].map((p) => p.id));
    expect(withheld[0]).toHaveLength(1);
    const body = await post('deliberate', [O.ipMalicious, filler]);
    expect(body.errors).toEqual([
      {
        code: 'pulses withheld by TLP policy',
        message: '1 pulse above OTX_MAX_TLP (green) was left out of this answer.',
        type: 'warning',
      },
    ]);
    // Two recent pulses by two authors are left: still Malicious.
    expect(dispositions(body)).toEqual([[O.ipMalicious, 'Malicious']]);
  });
});
