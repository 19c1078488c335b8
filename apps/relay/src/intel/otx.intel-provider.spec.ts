import {
  OtxClient,
  OtxException,
  OtxIndicatorLookup,
  OtxLookupResult,
  OtxPulse,
  OtxSession,
} from '@app/otx';
import { OtxIntelProvider } from './otx.intel-provider';

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

/** A provider whose OTX session answers `result` to every lookup. */
function providerWith(result: Partial<OtxLookupResult>, health?: Error) {
  const lookup: OtxLookupResult = {
    indicators: [],
    problems: [],
    unfinished: [],
    withheldPulses: 0,
    ...result,
  };
  const session = {
    callCount: 0,
    lookupMany: () => Promise.resolve(lookup),
    checkUser: () => (health ? Promise.reject(health) : Promise.resolve()),
  } as unknown as OtxSession;
  const client = { session: () => session } as unknown as OtxClient;
  return new OtxIntelProvider(client, {
    otxBaseUrl: 'https://otx.example',
    requestDeadlineMs: 5000,
  });
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

  it('reports a bug during the lookup as a bare oops', async () => {
    const broken = indicator([ip]);
    const sut = providerWith({
      indicators: [broken],
      problems: [{ kind: 'general', indicator: broken, error: new TypeError('secret detail') }],
    });
    const { errors } = await sut.observe([ip], principal);
    expect(errors).toEqual([{ code: 'oops', message: 'Something went wrong.', type: 'fatal' }]);
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
});
