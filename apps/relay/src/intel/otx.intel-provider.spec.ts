import { OtxClient, OtxException, OtxGeneral, OtxPulseIndicator, OtxSession } from '@app/otx';
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

type PulseScript = { found: Record<string, string>; complete?: boolean } | Error;

/** A scripted OTX: general answers by value, pulse walks by pulse id (value → created). */
function fakeOtx(
  generals: Record<string, OtxGeneral | null | Error>,
  pulses: Record<string, PulseScript>,
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
    findInPulse: () => Promise.reject(new Error('not used')),
    findInPulseMany: (pulseId, wanted) => {
      calls.push(`pulse ${pulseId} ${wanted.map((w) => w.value).join(',')}`);
      const script = pulses[pulseId];
      if (script instanceof Error) return Promise.reject(script);
      const matches = new Map<string, OtxPulseIndicator>();
      for (const { value } of wanted) {
        const created = script.found[value];
        if (created) matches.set(value, { indicator: value, created, expiration: null });
      }
      return Promise.resolve({ matches, complete: script.complete ?? true, pagesWalked: 1 });
    },
  };
  const client = { session: () => session } as unknown as OtxClient;
  const config = {
    getOrThrow: (key: string) =>
      key === RELAY_CONFIG
        ? { otxBaseUrl: 'https://otx.example', requestDeadlineMs: 5000 }
        : undefined,
  } as unknown as ConfigService;
  return { sut: new OtxIntelProvider(client, config), calls };
}

const principal = { apiKey: 'k', entitiesLimit: 100 };
const ip = { type: 'ip', value: '198.51.100.1' };
const ipv4General = (...ids: string[]) => ({
  base_indicator: { type: 'IPv4' },
  pulse_info: { pulses: ids.map((id) => pulse(id, id === 'b' ? ['domain'] : ['IPv4'])) },
});

describe(OtxIntelProvider.name, () => {
  it('keeps only pulses listing the base indicator type, newest match first', async () => {
    const { sut, calls } = fakeOtx(
      { [ip.value]: ipv4General('a', 'b', 'c') },
      {
        a: { found: { [ip.value]: '2020-01-01T00:00:00' } },
        c: { found: { [ip.value]: '2021-01-01T00:00:00' } },
      },
    );
    const { bundle, errors } = await sut.observe([ip], principal);
    expect(errors).toEqual([]);
    expect(calls.some((c) => c.startsWith('pulse b'))).toBe(false);
    expect(bundle.sightings?.docs.map((s) => s.external_ids)).toEqual([['c'], ['a']]);
  });

  it('applies the entities limit per observable', async () => {
    const { sut } = fakeOtx(
      { [ip.value]: ipv4General('a', 'c') },
      {
        a: { found: { [ip.value]: '2020-01-01T00:00:00' } },
        c: { found: { [ip.value]: '2021-01-01T00:00:00' } },
      },
    );
    const { bundle } = await sut.observe([ip], { apiKey: 'k', entitiesLimit: 1 });
    expect(bundle.sightings?.docs.map((s) => s.external_ids)).toEqual([['c']]);
  });

  it('looks duplicates up once, walks a shared pulse once, merges its Indicator', async () => {
    const domain = { type: 'domain', value: 'bad.example' };
    const upper = { type: 'domain', value: 'BAD.example' };
    const { sut, calls } = fakeOtx(
      {
        [ip.value]: ipv4General('a'),
        'bad.example': {
          base_indicator: { type: 'domain' },
          pulse_info: { pulses: [pulse('a', ['domain'])] },
        },
      },
      { a: { found: { [ip.value]: '2020-01-01T00:00:00', 'bad.example': '2022-01-01T00:00:00' } } },
    );
    const { bundle } = await sut.observe([ip, domain, ip, upper], principal);
    expect(calls.filter((c) => c.startsWith('general'))).toEqual([
      `general ip ${ip.value}`,
      'general domain bad.example',
    ]);
    expect(calls.filter((c) => c.startsWith('pulse'))).toEqual([`pulse a ${ip.value},bad.example`]);
    expect(bundle.sightings?.docs.map((s) => s.observables[0].value)).toEqual([
      ip.value,
      'bad.example',
      'BAD.example',
    ]);
    expect(bundle.indicators?.count).toBe(1);
    expect(bundle.indicators?.docs[0].valid_time).toEqual({ start_time: '2020-01-01T00:00:00Z' });
    expect(bundle.relationships?.docs.map((r) => r.target_ref)).toEqual(
      Array(3).fill(bundle.indicators?.docs[0].id),
    );
  });

  it('keeps other observables and pulses when one fails, and reports each failure', async () => {
    const other = { type: 'domain', value: 'bad.example' };
    const { sut } = fakeOtx(
      {
        [ip.value]: ipv4General('a', 'z'),
        [other.value]: new OtxException('HTTP_STATUS', 'general', 'x', 500),
      },
      {
        a: { found: { [ip.value]: '2020-01-01T00:00:00' } },
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

  it('names the observables the deadline cut off, once', async () => {
    const late = { type: 'ip', value: '198.51.100.9' };
    const { sut } = fakeOtx(
      { [ip.value]: ipv4General('a'), [late.value]: new OtxException('DEADLINE', 'general', 'x') },
      { a: { found: { [ip.value]: '2020-01-01T00:00:00' } } },
    );
    const { bundle, errors } = await sut.observe([ip, late], principal);
    expect(bundle.sightings?.count).toBe(1);
    expect(errors).toEqual([
      {
        code: 'request deadline exceeded',
        message:
          'The lookups of these observables did not finish within REQUEST_DEADLINE_MS (5000 ms) ' +
          'and were abandoned: ip 198.51.100.9.',
        type: 'fatal',
      },
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

  it('warns when the page cap stopped a pulse walk', async () => {
    const { sut } = fakeOtx(
      { [ip.value]: ipv4General('a') },
      { a: { found: {}, complete: false } },
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
