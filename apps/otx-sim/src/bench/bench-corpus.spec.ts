import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SIM_OBSERVABLES, SIM_SCENARIOS } from '../fixtures';
import { createOtxSimApp, type OtxSimOptions } from '../otx-sim.app';
import { pulseRecord } from '../otx/pulse-listing';
import { benchPulseId, heavyRecordWriter } from './bench-corpus';
import { fillerValue } from './bench-fillers';
import { BENCH_INDICATOR_TYPE, benchObservables } from './bench-observables';

interface General {
  indicator: string;
  base_indicator: { type?: string };
  pulse_info: {
    count: number;
    pulses: { id: string; indicator_type_counts: object; [key: string]: unknown }[];
  };
}
interface Page {
  count: number;
  next: string | null;
  results: { id: number; indicator: string; type: string; created: string; pulse_key: string }[];
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
    expect(res.json()).toEqual({
      observables,
      pulsesPerObservable: 3,
      matchPage: 2,
      pageSize: 10,
      pulseSize: 21,
      matchAt: 'middle',
    });
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

  it('rejects out-of-range bench and page options', async () => {
    await expect(createOtxSimApp({ benchObservables: -1, benchPulses: 0 })).rejects.toThrow(
      'Invalid otx-sim options: benchObservables, benchPulses',
    );
    const bad = {
      benchPulseSize: 100_001,
      benchMatchAt: 'middle',
      pageKeyOrder: 'json',
      pageCacheMb: -1,
      chunkBytes: 0,
      chunkDelayMs: 0.5,
    } as unknown as Partial<OtxSimOptions>;
    await expect(createOtxSimApp(bad)).rejects.toThrow(
      'Invalid otx-sim options: benchPulseSize, benchMatchAt, pageKeyOrder, pageCacheMb, chunkBytes, chunkDelayMs',
    );
  });
});

describe('bench corpus, heavy shape (benchPulseSize > 0)', () => {
  const N = 250;
  let app: NestFastifyApplication;
  const observables = benchObservables(7);
  const get = (url: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: { 'x-otx-api-key': 'test-otx-key', host: 'otx.test' },
    });
  const page = async (id: string, query: string) =>
    (await get(`/api/v1/pulses/${id}/indicators?limit=100&${query}`)).json<Page>();
  const walk = async (id: string, sort: string) => {
    const records: Page['results'] = [];
    for (let n = 1; n <= 3; n++) records.push(...(await page(id, `${sort}&page=${n}`)).results);
    return records;
  };

  beforeAll(async () => {
    app = await createOtxSimApp({
      benchObservables: 7,
      benchPulses: 2,
      maxPageSize: 100,
      benchPulseSize: N,
    });
  });
  afterAll(() => app.close());

  it('lists each observable in pulses of its own type, counted without holding them', async () => {
    for (const [k, o] of observables.entries()) {
      const res = await get(
        `/api/v1/indicators/${SLUG[o.type]}/${encodeURIComponent(o.value)}/general`,
      );
      const body = res.json<General>();
      const type = BENCH_INDICATOR_TYPE[o.type];
      expect(body.base_indicator.type).toBe(type);
      expect(body.pulse_info.pulses.map((p) => p.id).sort()).toEqual([
        benchPulseId(k, 0),
        benchPulseId(k, 1),
      ]);
      for (const pulse of body.pulse_info.pulses) {
        expect(pulse).toMatchObject({
          indicator_type_counts: { [type]: N },
          indicator_count: N,
          related_indicator_type: type,
          related_indicator_is_active: 1,
        });
      }
    }
  });

  it('holds N records of the type, newest first, the match last of the last page', async () => {
    for (const [k, o] of observables.entries()) {
      const id = benchPulseId(k, 1);
      const first = await page(id, 'sort=-created&page=1');
      expect(first.count).toBe(N);
      const records = await walk(id, 'sort=-created');
      expect(records).toHaveLength(N);
      expect(records.filter((r) => r.indicator === o.value)).toEqual([records[N - 1]]);
      expect(new Set(records.map((r) => r.indicator)).size).toBe(N);
      expect(new Set(records.map((r) => r.type))).toEqual(new Set([BENCH_INDICATOR_TYPE[o.type]]));
      expect(records.every((r) => r.pulse_key === id)).toBe(true);
      const created = records.map((r) => r.created);
      expect(created).toEqual([...created].sort().reverse());
      expect(new Set(created).size).toBe(N);
    }
  });

  it('lists the match first with sort=created and in id order', async () => {
    const id = benchPulseId(4, 0);
    for (const sort of ['sort=created', 'sort=id']) {
      const records = await walk(id, sort);
      expect(records[0].indicator).toBe(observables[4].value);
      expect(records.map((r) => r.id)).toEqual([...records.map((r) => r.id)].sort());
    }
  });

  it('writes records of realistic size and shape', async () => {
    const res = await get(`/api/v1/pulses/${benchPulseId(0, 0)}/indicators?limit=100`);
    const perRecord = Buffer.byteLength(res.body) / 100;
    expect(perRecord).toBeGreaterThan(250);
    expect(perRecord).toBeLessThan(400);
    const record = res.json<Page>().results[0];
    expect(Object.keys(record)).toEqual([
      'id',
      'indicator',
      'type',
      'created',
      'content',
      'title',
      'description',
      'expiration',
      'is_active',
      'pulse_key',
      'false_positive',
      'slug',
    ]);
  });

  it('says where the matches are', async () => {
    const res = await app.inject({ method: 'GET', url: '/_sim/bench-observables' });
    expect(res.json()).toMatchObject({
      matchPage: 3,
      pageSize: 100,
      pulseSize: N,
      matchAt: 'last',
    });
  });

  it('puts the match first with matchAt first', async () => {
    const first = await createOtxSimApp({
      benchObservables: 3,
      benchPulses: 1,
      maxPageSize: 100,
      benchPulseSize: N,
      benchMatchAt: 'first',
    });
    try {
      const res = await first.inject({
        method: 'GET',
        url: `/api/v1/pulses/${benchPulseId(2, 0)}/indicators?sort=-created&limit=100`,
        headers: { 'x-otx-api-key': 'test-otx-key' },
      });
      const body = res.json<Page>();
      expect(body.results[0].indicator).toBe(observables[2].value);
      expect(body.results.filter((r) => r.indicator === observables[2].value)).toHaveLength(1);
      const info = await first.inject({ method: 'GET', url: '/_sim/bench-observables' });
      expect(info.json()).toMatchObject({ matchPage: 1, matchAt: 'first' });
    } finally {
      await first.close();
    }
  });
});

describe(heavyRecordWriter.name, () => {
  it.each(Object.values(BENCH_INDICATOR_TYPE))(
    'writes what pulseRecord serialises (%s)',
    (type) => {
      const value = fillerValue(type, 70_000);
      const record = { id: 5_000_000_123, indicator: value, type, created: '2024-02-01T00:00:07' };
      const expected = JSON.stringify(
        pulseRecord('be4c00000000000100000002', {
          ...record,
          expiration: null,
          isActive: true,
          description: '',
        }),
      );
      const write = heavyRecordWriter('be4c00000000000100000002', type);
      expect(write(record.id, record.indicator, record.created)).toBe(expected);
    },
  );
});
