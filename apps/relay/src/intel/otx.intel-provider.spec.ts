import { validateCtimBundle } from '@app/ctim';
import {
  OtxClient,
  OtxException,
  OtxGeneral,
  OtxIndicatorLookup,
  OtxLookupOptions,
  OtxLookupResult,
  OtxPulse,
  OtxSession,
  OtxSessionOptions,
} from '@app/otx';
import { Logger } from '@nestjs/common';
import { OtxIntelProvider, OtxProviderSettings, REFERENCES_KEPT } from './otx.intel-provider';

const pulse = (id: string): OtxPulse => ({
  id,
  name: `Pulse ${id}`,
  description: '',
  TLP: 'white',
  tags: [],
  author: { username: 'someone' },
});
const record = (value: string, created: string) => ({
  indicator: value,
  created,
  expiration: null,
});

function indicator(
  observables: { type: string; value: string }[],
  memberships: [string, string][] = [],
): OtxIndicatorLookup {
  return {
    type: observables[0].type as OtxIndicatorLookup['type'],
    canonical: observables[0].value.toLowerCase(),
    observables,
    general: null,
    memberships: memberships.map(([id, created]) => ({
      pulse: pulse(id),
      match: record(observables[0].value, created),
    })),
    complete: true,
  };
}

const SETTINGS: OtxProviderSettings = {
  otxBaseUrl: 'https://otx.example',
  requestDeadlineMs: 5000,
  otxMaxTlp: 'red',
  verdict: { minAuthors: 2, recentDays: 365, ttlDays: 7 },
};

/** A provider whose OTX session answers `result` to every lookup, and the options it was given. */
function providerWith(
  result: Partial<OtxLookupResult>,
  health?: Error,
  settings: Partial<OtxProviderSettings> = {},
) {
  const lookup: OtxLookupResult = {
    indicators: [],
    problems: [],
    unfinished: [],
    withheldPulses: 0,
    ...result,
  };
  const asked: (OtxLookupOptions | undefined)[] = [];
  const session = {
    callCount: 0,
    lookupMany: (_observables: unknown, options?: OtxLookupOptions) => {
      asked.push(options);
      return Promise.resolve(lookup);
    },
    checkUser: () => (health ? Promise.reject(health) : Promise.resolve()),
  } as unknown as OtxSession;
  const opened: OtxSessionOptions[] = [];
  const client = {
    session: (_key: string, options: OtxSessionOptions) => {
      opened.push(options);
      return session;
    },
  } as unknown as OtxClient;
  const provider = new OtxIntelProvider(client, { ...SETTINGS, ...settings });
  return Object.assign(provider, { asked, opened, otxSession: session });
}

/** A `general` answer listing one pulse per author, each modified `daysAgo` days ago. */
function generalBy(authors: string[], daysAgo = 10, extra: Partial<OtxGeneral> = {}): OtxGeneral {
  const modified = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 19);
  const pulses = authors.map((username, i) => ({
    ...pulse(`p${i}`),
    TLP: i === 0 ? 'amber' : 'white',
    author: { username },
    modified,
  }));
  return {
    base_indicator: { type: 'IPv4' },
    pulse_info: { count: pulses.length, pulses },
    ...extra,
  };
}

/** An indicator that OTX answered `general` for, with no pulse record walked. */
function judged(observables: { type: string; value: string }[], general: OtxGeneral | null) {
  return { ...indicator(observables), general };
}

const principal = { apiKey: 'k', entitiesLimit: 100 };
const ip = { type: 'ip', value: '198.51.100.1' };

describe(OtxIntelProvider.name, () => {
  it('answers each caller observable with the newest `limit` records of its indicator', async () => {
    const lower = { type: 'domain', value: 'bad.example' };
    const upper = { type: 'domain', value: 'BAD.example' };
    const sut = providerWith({
      indicators: [
        indicator(
          [ip],
          [
            ['c', '2021-01-01T00:00:00'],
            ['a', '2020-01-01T00:00:00'],
          ],
        ),
        indicator([lower, upper], [['a', '2022-01-01T00:00:00']]),
      ],
    });
    const { bundle, errors } = await sut.observe([ip, lower, upper], {
      apiKey: 'k',
      entitiesLimit: 1,
    });
    expect(errors).toEqual([]);
    expect(bundle.sightings?.docs.map((s) => [s.observables[0].value, s.external_ids])).toEqual([
      [ip.value, ['c']],
      [lower.value, ['a']],
      [upper.value, ['a']],
    ]);
    // Pulse a is one Indicator for both observables, valid from its earliest record.
    expect(bundle.indicators?.docs.map((i) => [i.external_ids, i.valid_time])).toEqual([
      [['c'], { start_time: '2021-01-01T00:00:00Z' }],
      [['a'], { start_time: '2022-01-01T00:00:00Z' }],
    ]);
  });

  it('maps each problem to the envelope: fatal general, warnings for pulses, one deadline', async () => {
    const failed = indicator([{ type: 'domain', value: 'down.example' }]);
    const walked = indicator([ip], [['a', '2020-01-01T00:00:00']]);
    const late = indicator([{ type: 'ip', value: '198.51.100.9' }]);
    const sut = providerWith({
      indicators: [failed, walked, late],
      problems: [
        {
          kind: 'general',
          indicator: failed,
          error: new OtxException('HTTP_STATUS', 'general', 'x', 500),
        },
        {
          kind: 'walk',
          pulse: pulse('z'),
          indicators: [walked],
          error: new OtxException('HTTP_STATUS', 'pulse-indicators', 'x', 502),
        },
        { kind: 'page-cap', pulse: pulse('p'), indicator: walked },
        { kind: 'record', pulse: pulse('r'), indicator: walked, detail: 'no created time' },
      ],
      unfinished: [late],
    });
    const { bundle, errors } = await sut.observe([], principal);
    expect(bundle.sightings?.count).toBe(1);
    expect(errors).toEqual([
      {
        code: 'oops',
        message: 'Something went wrong. Reason: 500 Internal Server Error.',
        type: 'fatal',
      },
      { code: 'oops', message: 'Something went wrong. Reason: 502 Bad Gateway.', type: 'warning' },
      {
        code: 'pulse search incomplete',
        message:
          'Pulse p has more indicator pages than OTX_MAX_PAGES allows; ' +
          'ip 198.51.100.1 was not found in the pages searched.',
        type: 'warning',
      },
      {
        code: 'oops',
        message:
          'Something went wrong. Reason: AlienVault OTX sent an invalid response (pulse r lists ' +
          'ip 198.51.100.1 in a record that cannot be used: no created time).',
        type: 'warning',
      },
      {
        code: 'request deadline exceeded',
        message:
          'The lookups of these observables did not finish within REQUEST_DEADLINE_MS (5000 ms) ' +
          'and were abandoned: ip 198.51.100.9.',
        type: 'fatal',
      },
    ]);
  });

  it('adds a Judgement and a Verdict per caller observable OTX gives evidence about', async () => {
    const upper = { type: 'domain', value: 'BAD.example' };
    const lower = { type: 'domain', value: 'bad.example' };
    const unknown = { type: 'ip', value: '198.51.100.250' };
    const allowListed = { type: 'ip', value: '198.51.100.7' };
    const sut = providerWith({
      indicators: [
        {
          ...indicator([upper, lower], [['a', '2024-01-01T00:00:00']]),
          general: generalBy(['x', 'y']),
        },
        judged([unknown], { base_indicator: {}, pulse_info: { count: 0, pulses: [] } }),
        judged([ip], null),
        judged([allowListed], {
          validation: [{ source: 'whitelist', message: 'in a whitelisted prefix', name: 'IP' }],
        }),
      ],
    });
    const { bundle, errors } = await sut.observe([], principal);
    expect(errors).toEqual([]);
    expect(sut.asked).toEqual([{ maxTlp: 'red' }]);
    expect(validateCtimBundle(bundle)).toEqual({ valid: true, errors: [] });
    const judgements = bundle.judgements!.docs;
    expect(judgements.map((j) => [j.observable, j.disposition_name, j.confidence])).toEqual([
      [upper, 'Malicious', 'Medium'],
      [lower, 'Malicious', 'Medium'],
      [allowListed, 'Clean', 'High'],
    ]);
    expect(judgements[0]).toMatchObject({
      source: 'AlienVault OTX',
      priority: 90,
      tlp: 'amber',
      source_uri: 'https://otx.example/indicator/domain/BAD.example',
    });
    expect(bundle.verdicts!.docs).toEqual(
      judgements.map((j) => ({
        type: 'verdict',
        disposition: j.disposition,
        disposition_name: j.disposition_name,
        observable: j.observable,
        judgement_id: j.id,
        valid_time: j.valid_time,
      })),
    );
    // The pulse context is on: each Sighting carries its pulse's data table.
    expect(bundle.sightings!.docs[0].data?.columns.map((c) => c.name)).toEqual(['author', 'tlp']);
  });

  it('reads the verdict settings: authors, recency and validity', async () => {
    const lookup = { indicators: [judged([ip], generalBy(['x', 'y'], 30))] };
    const strict = providerWith(lookup, undefined, {
      verdict: { minAuthors: 3, recentDays: 365, ttlDays: 7 },
    });
    const stale = providerWith(lookup, undefined, {
      verdict: { minAuthors: 2, recentDays: 20, ttlDays: 2 },
    });
    const [first] = (await strict.deliberate([ip], principal)).bundle.verdicts!.docs;
    const [second] = (await stale.deliberate([ip], principal)).bundle.verdicts!.docs;
    expect([first.disposition_name, second.disposition_name]).toEqual(['Suspicious', 'Suspicious']);
    const days = (v: typeof first) =>
      (Date.parse(v.valid_time.end_time!) - Date.parse(v.valid_time.start_time!)) / 86_400_000;
    expect([days(first), days(second)]).toEqual([7, 2]);
    const usual = providerWith(lookup);
    expect((await usual.deliberate([ip], principal)).bundle.verdicts!.docs[0]).toMatchObject({
      disposition_name: 'Malicious',
    });
  });

  it('deliberates from the general answers alone, with Verdicts and nothing else', async () => {
    const other = { type: 'ip', value: '198.51.100.2' };
    const sut = providerWith(
      { indicators: [judged([ip], generalBy(['x', 'y'])), judged([other], null)] },
      undefined,
      { otxMaxTlp: 'green' },
    );
    const { bundle, errors } = await sut.deliberate([ip, other], principal);
    expect(sut.asked).toEqual([{ walk: false, maxTlp: 'green' }]);
    expect(errors).toEqual([]);
    expect(Object.keys(bundle)).toEqual(['verdicts']);
    expect(bundle.verdicts).toEqual({
      count: 1,
      docs: [
        {
          type: 'verdict',
          disposition: 2,
          disposition_name: 'Malicious',
          observable: ip,
          valid_time: { start_time: expect.any(String), end_time: expect.any(String) },
        },
      ],
    });
    expect(validateCtimBundle(bundle)).toEqual({ valid: true, errors: [] });
    expect((await providerWith({}).deliberate([ip], principal)).bundle).toEqual({});
  });

  it('counts the pulses the TLP policy withheld in one warning, before the deadline error', async () => {
    const late = indicator([{ type: 'ip', value: '198.51.100.9' }]);
    const sut = providerWith({ withheldPulses: 3, unfinished: [late] }, undefined, {
      otxMaxTlp: 'amber',
    });
    for (const answer of [await sut.observe([], principal), await sut.deliberate([], principal)]) {
      expect(answer.errors.map((e) => [e.code, e.type])).toEqual([
        ['pulses withheld by TLP policy', 'warning'],
        ['request deadline exceeded', 'fatal'],
      ]);
      expect(answer.errors[0].message).toBe(
        '3 pulses above OTX_MAX_TLP (amber) were left out of this answer.',
      );
    }
    const one = providerWith({ withheldPulses: 1 }, undefined, { otxMaxTlp: 'white' });
    expect((await one.deliberate([], principal)).errors).toEqual([
      {
        code: 'pulses withheld by TLP policy',
        message: '1 pulse above OTX_MAX_TLP (white) was left out of this answer.',
        type: 'warning',
      },
    ]);
  });

  it('reports a bug during the lookup as a bare oops', async () => {
    const broken = indicator([ip]);
    const sut = providerWith({
      indicators: [broken],
      problems: [{ kind: 'general', indicator: broken, error: new TypeError('secret detail') }],
    });
    const { errors } = await sut.observe([ip], principal);
    expect(errors).toEqual([{ code: 'oops', message: 'Something went wrong.', type: 'fatal' }]);
  });

  it("opens each session with the request's id and has the request count its calls", async () => {
    const sut = providerWith({});
    const tracked: unknown[] = [];
    const request = { requestId: 'req-71', track: (s: unknown) => tracked.push(s) };
    await sut.observe([ip], principal, request);
    await sut.deliberate([ip], principal, request);
    await sut.health(principal, request);
    expect(sut.opened).toEqual(Array(3).fill(expect.objectContaining({ requestId: 'req-71' })));
    expect(tracked).toEqual([sut.otxSession, sut.otxSession, sut.otxSession]);
    // Without a request (a caller that has none), the session names none.
    await sut.observe([ip], principal);
    expect(sut.opened[3]).toEqual({ deadlineAt: expect.any(Number), requestId: undefined });
  });

  it("logs a bug met during the lookup with the request's id", async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const broken = indicator([ip]);
    const sut = providerWith({
      indicators: [broken],
      problems: [{ kind: 'general', indicator: broken, error: new TypeError('boom') }],
    });
    await sut.observe([ip], principal, { requestId: 'req-72', track: () => undefined });
    const unwell = providerWith({}, new TypeError('hc'));
    await unwell.health(principal, { requestId: 'req-73', track: () => undefined });
    expect(error.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      {
        requestId: 'req-72',
        msg: expect.stringMatching(/^Unexpected error looking up ip .*TypeError: boom/s),
      },
      { requestId: 'req-73', msg: expect.stringMatching(/^Unexpected error checking OTX health/) },
    ]);
    error.mockRestore();
  });

  it('maps a failed OTX account check for /health', async () => {
    const refused = providerWith({}, new OtxException('UNAUTHORIZED', 'user', 'x', 403));
    await expect(refused.health(principal)).resolves.toEqual({
      code: 'authorization error',
      message: 'Authorization failed: Authorization failed on AlienVault OTX side',
      type: 'fatal',
    });
    await expect(providerWith({}).health(principal)).resolves.toBeNull();
  });

  it('builds refer links from OTX_BASE_URL and skips unsupported types', () => {
    expect(providerWith({}).refer([ip, { type: 'device', value: 'x' }])).toEqual([
      expect.objectContaining({ url: 'https://otx.example/indicator/ip/198.51.100.1' }),
    ]);
  });

  it('answers a repeated refer as the first time, in the order asked, whatever was asked between', () => {
    const sut = providerWith({});
    const domain = { type: 'domain', value: 'Example.COM' };
    const device = { type: 'device', value: 'x' };
    const first = sut.refer([domain, device, ip]);
    expect(first.map((r) => r.url)).toEqual([
      'https://otx.example/indicator/domain/Example.COM',
      'https://otx.example/indicator/ip/198.51.100.1',
    ]);
    expect(sut.refer([{ type: 'ip', value: '198.51.100.2' }])[0].url).toMatch(/100\.2$/);
    expect(sut.refer([ip, device, domain])).toEqual([first[1], first[0]]);
    // The value is part of the key exactly: another spelling is another link.
    expect(sut.refer([{ type: 'domain', value: 'example.com' }])[0].url).toMatch(/example\.com$/);
    // A link handed out cannot be changed for the next caller.
    expect(() => Object.assign(first[0], { url: 'x' })).toThrow(TypeError);
  });

  it('keeps at most REFERENCES_KEPT links and answers right across starting afresh', () => {
    const sut = providerWith({});
    const ipAt = (k: number) => ({
      type: 'ip',
      value: `10.${k >> 16}.${(k >> 8) & 255}.${k & 255}`,
    });
    const first = sut.refer([ipAt(0)])[0];
    for (let k = 1; k <= REFERENCES_KEPT + 10; k++) {
      expect(sut.refer([ipAt(k), { type: 'device', value: `d${k}` }])[0].url).toBe(
        `https://otx.example/indicator/ip/${ipAt(k).value}`,
      );
    }
    const kept = (sut as unknown as { references: Map<string, Map<string, unknown>> }).references;
    const count = [...kept.values()].reduce((sum, byValue) => sum + byValue.size, 0);
    expect(count).toBeLessThanOrEqual(REFERENCES_KEPT);
    expect(sut.refer([ipAt(0)])[0]).toEqual(first); // built again, the same link
  });
});
