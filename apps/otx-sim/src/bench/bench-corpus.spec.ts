import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SIM_OBSERVABLES, SIM_SCENARIOS } from '../fixtures';
import { createOtxSimApp } from '../otx-sim.app';
import { benchPulseId } from './bench-corpus';
import { benchObservables } from './bench-observables';

interface General {
  indicator: string;
  base_indicator: { type?: string };
  pulse_info: { count: number; pulses: { id: string; indicator_type_counts: object }[] };
}
interface Page {
  count: number;
  next: string | null;
  results: { indicator: string; type: string; created: string; pulse_key: string }[];
}

const SLUG = {
  ip: 'IPv4',
  ipv6: 'IPv6',
  domain: 'domain',
  url: 'url',
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
} as const;

describe('bench corpus (benchObservables > 0)', () => {
  let app: NestFastifyApplication;
  const observables = benchObservables(14);
  const get = (url: string) =>
    app.inject({ method: 'GET', url, headers: { 'x-otx-api-key': 'test-otx-key' } });
  const general = async (o: { type: keyof typeof SLUG; value: string }) =>
    (
      await get(`/api/v1/indicators/${SLUG[o.type]}/${encodeURIComponent(o.value)}/general`)
    ).json<General>();
  const page = async (id: string, query: string) =>
    (await get(`/api/v1/pulses/${id}/indicators?limit=10000&${query}`)).json<Page>();

  beforeAll(async () => {
    app = await createOtxSimApp({ benchObservables: 14, benchPulses: 3, maxPageSize: 10 });
  });
  afterAll(() => app.close());

  it('lists every observable in its own pulses, of its own type', async () => {
    const seen = new Set<string>();
    for (const o of observables) {
      const body = await general(o);
      expect(body.pulse_info.count).toBe(3);
      expect(body.base_indicator.type).toBeDefined();
      for (const pulse of body.pulse_info.pulses) {
        expect(pulse.indicator_type_counts).toHaveProperty(body.base_indicator.type!, 1);
        seen.add(pulse.id);
      }
    }
    expect(seen.size).toBe(14 * 3);
  });

  it.each(['sort=-created', 'sort=created', 'sort=id'])(
    'holds the match on page 2 of 3 with %s',
    async (sort) => {
      for (const [k, o] of observables.entries()) {
        const id = benchPulseId(k, 2);
        const first = await page(id, `${sort}&page=1`);
        const second = await page(id, `${sort}&page=2`);
        expect(first.count).toBe(21);
        expect(first.results.map((r) => r.indicator)).not.toContain(o.value);
        const match = second.results.filter((r) => r.indicator === o.value);
        expect(match).toHaveLength(1);
        expect(match[0].pulse_key).toBe(id);
        expect(second.next).not.toBeNull();
      }
    },
  );

  it('puts ten newer indicators before the match with sort=-created', async () => {
    const first = await page(benchPulseId(3, 0), 'sort=-created&page=1');
    const second = await page(benchPulseId(3, 0), 'sort=-created&page=2');
    const match = second.results[0];
    expect(match.indicator).toBe(observables[3].value);
    for (const r of first.results) expect(r.created > match.created).toBe(true);
  });

  it('answers 404 for a pulse id outside the corpus', async () => {
    expect((await get(`/api/v1/pulses/${benchPulseId(14, 0)}/indicators`)).statusCode).toBe(404);
    expect((await get(`/api/v1/pulses/${benchPulseId(0, 3)}/indicators`)).statusCode).toBe(404);
  });

  it('lists the observables at GET /_sim/bench-observables', async () => {
    const res = await app.inject({ method: 'GET', url: '/_sim/bench-observables' });
    expect(res.json()).toEqual({ observables, pulsesPerObservable: 3, matchPage: 2, pageSize: 10 });
  });

  it('leaves the fixture corpus as it is', async () => {
    const body = await general(SIM_OBSERVABLES.ip);
    expect(body.pulse_info.count).toBe(SIM_SCENARIOS.ip.expect.pulseCount);
  });
});

describe('bench corpus (off by default)', () => {
  it('knows no bench value and lists none', async () => {
    const app = await createOtxSimApp();
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/indicators/IPv4/198.18.0.1/general',
      headers: { 'x-otx-api-key': 'test-otx-key' },
    });
    expect(res.json<General>().pulse_info.count).toBe(0);
    const list = await app.inject({ method: 'GET', url: '/_sim/bench-observables' });
    expect(list.json()).toMatchObject({ observables: [] });
    await app.close();
  });

  it('rejects out-of-range bench options', async () => {
    await expect(createOtxSimApp({ benchObservables: -1, benchPulses: 0 })).rejects.toThrow(
      'Invalid otx-sim options: benchObservables, benchPulses',
    );
  });
});
