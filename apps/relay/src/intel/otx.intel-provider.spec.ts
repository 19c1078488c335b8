import { OtxClient, OtxException, OtxGeneral, OtxPulseSearchResult, OtxSession } from '@app/otx';
import { ConfigService } from '@nestjs/config';
import { RELAY_CONFIG } from '../config/relay.config';
import { OtxIntelProvider } from './otx.intel-provider';

const pulse = (id: string, types: string[]) => ({
  id,
  name: `Pulse ${id}`,
  description: '',
  TLP: 'white',
  tags: [],
  author: { username: 'someone' },
  indicator_type_counts: Object.fromEntries(types.map((t) => [t, 1])),
});

/** A scripted OTX: general answers by value, pulse searches by pulse id. */
function fakeOtx(
  generals: Record<string, OtxGeneral | null | Error>,
  searches: Record<string, OtxPulseSearchResult | Error>,
) {
  const calls: string[] = [];
  const session: OtxSession = {
    callCount: 0,
    checkUser: () => Promise.resolve(),
    getGeneral: (type, value) => {
      calls.push(`general ${type} ${value}`);
      const answer = generals[value];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? null);
    },
    findInPulse: (pulseId, value) => {
      calls.push(`pulse ${pulseId} ${value}`);
      const answer = searches[pulseId];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  const client = { session: () => session } as unknown as OtxClient;
  const config = {
    getOrThrow: (key: string) =>
      key === RELAY_CONFIG ? { otxBaseUrl: 'https://otx.example' } : undefined,
  } as unknown as ConfigService;
  return { sut: new OtxIntelProvider(client, config), calls };
}

const found = (created: string, pulseKey: string): OtxPulseSearchResult => ({
  match: { indicator: '198.51.100.1', created, expiration: null, pulse_key: pulseKey },
  pagesWalked: 1,
  complete: true,
});
const principal = { apiKey: 'k', entitiesLimit: 100 };
const ip = { type: 'ip', value: '198.51.100.1' };

describe(OtxIntelProvider.name, () => {
  it('keeps only pulses listing the base indicator type, newest match first', async () => {
    const { sut, calls } = fakeOtx(
      {
        [ip.value]: {
          base_indicator: { type: 'IPv4' },
          pulse_info: {
            pulses: [pulse('a', ['IPv4']), pulse('b', ['domain']), pulse('c', ['IPv4'])],
          },
        },
      },
      { a: found('2020-01-01T00:00:00', 'a'), c: found('2021-01-01T00:00:00', 'c') },
    );
    const { bundle, errors } = await sut.observe([ip], principal);
    expect(errors).toEqual([]);
    expect(calls).not.toContain(`pulse b ${ip.value}`);
    expect(bundle.sightings?.docs.map((s) => s.external_ids)).toEqual([['c'], ['a']]);
    expect(bundle.indicators?.count).toBe(2);
  });

  it('applies the entities limit per observable', async () => {
    const { sut } = fakeOtx(
      {
        [ip.value]: {
          base_indicator: { type: 'IPv4' },
          pulse_info: { pulses: [pulse('a', ['IPv4']), pulse('c', ['IPv4'])] },
        },
      },
      { a: found('2020-01-01T00:00:00', 'a'), c: found('2021-01-01T00:00:00', 'c') },
    );
    const { bundle } = await sut.observe([ip], { apiKey: 'k', entitiesLimit: 1 });
    expect(bundle.sightings?.docs.map((s) => s.external_ids)).toEqual([['c']]);
  });

  it('keeps other observables and pulses when one fails, and reports each failure', async () => {
    const other = { type: 'domain', value: 'bad.example' };
    const { sut } = fakeOtx(
      {
        [ip.value]: {
          base_indicator: { type: 'IPv4' },
          pulse_info: { pulses: [pulse('a', ['IPv4']), pulse('z', ['IPv4'])] },
        },
        [other.value]: new OtxException('HTTP_STATUS', 'general', 'x', 500),
      },
      {
        a: found('2020-01-01T00:00:00', 'a'),
        z: new OtxException('HTTP_STATUS', 'pulse-indicators', 'x', 502),
      },
    );
    const { bundle, errors } = await sut.observe([other, ip], principal);
    expect(bundle.sightings?.count).toBe(1);
    expect(errors).toEqual([
      {
        code: 'oops',
        message: 'Something went wrong. Reason: 500 Internal Server Error.',
        type: 'fatal',
      },
      { code: 'oops', message: 'Something went wrong. Reason: 502 Bad Gateway.', type: 'warning' },
    ]);
  });

  it('treats no base indicator type, no data and unqueried types as no match', async () => {
    const { sut, calls } = fakeOtx(
      {
        [ip.value]: { base_indicator: {}, pulse_info: { pulses: [pulse('a', ['IPv4'])] } },
        'nothing.example': null,
      },
      {},
    );
    const { bundle, errors } = await sut.observe(
      [
        ip,
        { type: 'domain', value: 'nothing.example' },
        { type: 'email', value: 'a@b.c' },
        { type: 'device', value: 'd' },
      ],
      principal,
    );
    expect(bundle).toEqual({});
    expect(errors).toEqual([]);
    expect(calls).toEqual([`general ip ${ip.value}`, 'general domain nothing.example']);
  });

  it('warns when the page cap stopped a pulse search', async () => {
    const { sut } = fakeOtx(
      {
        [ip.value]: {
          base_indicator: { type: 'IPv4' },
          pulse_info: { pulses: [pulse('a', ['IPv4'])] },
        },
      },
      { a: { match: null, pagesWalked: 10, complete: false } },
    );
    const { errors } = await sut.observe([ip], principal);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'pulse search incomplete', type: 'warning' }),
    ]);
  });

  it('builds refer links from OTX_BASE_URL and skips unsupported types', () => {
    const { sut } = fakeOtx({}, {});
    expect(sut.refer([ip, { type: 'device', value: 'x' }])).toEqual([
      expect.objectContaining({ url: 'https://otx.example/indicator/ip/198.51.100.1' }),
    ]);
  });
});
