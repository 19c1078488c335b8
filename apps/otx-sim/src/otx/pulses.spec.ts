import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SIM_OBSERVABLES as O, SIM_PULSES as P } from '../fixtures';
import { createOtxSimApp } from '../otx-sim.app';

const big = P.bigScan.id;

interface PageRecord {
  indicator: string;
  type: string;
  created: string;
  is_active: number;
  [key: string]: unknown;
}

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: PageRecord[];
}

describe('GET /api/v1/pulses/{id}/indicators', () => {
  let app: NestFastifyApplication;
  const get = (path: string, host = 'otx.test:9100') =>
    app.inject({
      method: 'GET',
      url: `/api/v1/pulses/${path}`,
      headers: { 'x-otx-api-key': 'test-otx-key', host },
    });
  const page = async (path: string) => (await get(path)).json<Page>();

  beforeAll(async () => {
    app = await createOtxSimApp({ maxPageSize: 10 });
  });
  afterAll(() => app.close());

  it('answers the DRF envelope with §4.3 records', async () => {
    const res = await get(`${P.qakbot.id}/indicators?sort=-created`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-remote-user-name']).toBe('otx_sim_user');
    const body = res.json();
    expect(body).toMatchObject({ count: 6, next: null, previous: null });
    const ip = body.results.find((r: { indicator: string }) => r.indicator === O.ip.value);
    expect(ip).toEqual({
      id: expect.any(Number),
      indicator: O.ip.value,
      type: 'IPv4',
      created: '2024-01-18T22:05:49',
      content: '',
      title: '',
      description: 'QakBot C2',
      expiration: '2024-02-17T00:00:00',
      is_active: 1,
      pulse_key: P.qakbot.id,
      false_positive: { assessment: null, assessment_date: null, report_date: null },
      slug: 'ip',
    });
    const domain = body.results.find((r: { type: string }) => r.type === 'domain');
    expect(domain).toMatchObject({ expiration: null, slug: 'domain' });
  });

  it('sorts -created newest first', async () => {
    const body = await page(`${P.qakbot.id}/indicators?sort=-created`);
    const created = body.results.map((r: { created: string }) => r.created);
    expect(created).toEqual([...created].sort().reverse());
    expect(new Set(created).size).toBe(created.length);
    const ascending = await page(`${P.qakbot.id}/indicators?sort=created`);
    expect(ascending.results.map((r: { created: string }) => r.created)).toEqual(
      [...created].reverse(),
    );
  });

  it('caps limit at maxPageSize, keeps the requested limit in next, and walks to the end', async () => {
    const first = await page(`${big}/indicators?sort=-created&limit=10000&page=1`);
    expect(first.count).toBe(25);
    expect(first.results).toHaveLength(10);
    expect(first.previous).toBeNull();
    expect(first.next).toBe(
      `http://otx.test:9100/api/v1/pulses/${big}/indicators?limit=10000&page=2&sort=-created`,
    );
    const second = await page(`${big}/indicators?sort=-created&limit=10000&page=2`);
    expect(second.previous).toBe(
      `http://otx.test:9100/api/v1/pulses/${big}/indicators?limit=10000&sort=-created`,
    );
    const third = await page(`${big}/indicators?sort=-created&limit=10000&page=3`);
    expect(third.results).toHaveLength(5);
    expect(third.next).toBeNull();
    expect(third.previous).toContain('page=2');
    // The main IP is the oldest record: only on the last page.
    const onPage = (p: { results: { indicator: string }[] }) =>
      p.results.some((r) => r.indicator === O.ip.value);
    expect([onPage(first), onPage(second), onPage(third)]).toEqual([false, false, true]);
  });

  it('uses 10 as the default page size and honours a smaller limit', async () => {
    expect((await page(`${big}/indicators`)).results).toHaveLength(10);
    const small = await page(`${big}/indicators?limit=4&page=7`);
    expect(small.results).toHaveLength(1);
    expect(small.next).toBeNull();
  });

  it('hides inactive records unless include_inactive=1, and counts the filtered total', async () => {
    const pages = async (q: string) => {
      const out: Page[] = [];
      for (let n = 1; n <= 3; n += 1)
        out.push(await page(`${big}/indicators?limit=30&page=${n}${q}`));
      return out;
    };
    const hidden = await pages('');
    const shown = await pages('&include_inactive=1');
    expect(hidden.map((p) => p.count)).toEqual([25, 25, 25]);
    expect(shown.map((p) => p.count)).toEqual([27, 27, 27]);
    const inactive = (ps: typeof hidden) =>
      ps.flatMap((p) => p.results).filter((r: { is_active: number }) => r.is_active === 0);
    expect(inactive(hidden)).toHaveLength(0);
    expect(inactive(shown)).toHaveLength(2);
    expect(inactive(shown)[0]).toMatchObject({ expiration: '2023-06-15T00:00:00' });
    expect(shown[2].previous).toBe(
      `http://otx.test:9100/api/v1/pulses/${big}/indicators?include_inactive=1&limit=30&page=2`,
    );
  });

  it('hides the expired record of ipExpired by default', async () => {
    const values = async (q: string) =>
      (await page(`${P.sshHoneypot.id}/indicators?limit=50${q}`)).results.map(
        (r: { indicator: string }) => r.indicator,
      );
    expect(await values('')).not.toContain(O.ipExpired.value);
    expect(await values('&include_inactive=1')).toContain(O.ipExpired.value);
  });

  it.each(['page=4', 'page=0', 'page=abc', 'limit=5&page=6'])(
    'answers 404 Invalid page. for %s',
    async (q) => {
      const res = await get(`${big}/indicators?${q}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: 'Invalid page.' });
    },
  );

  it('answers page=last with the last page', async () => {
    expect((await page(`${big}/indicators?page=last`)).next).toBeNull();
  });

  it('answers 404 for an unknown pulse', async () => {
    const res = await get('aaaaaaaaaaaaaaaaaaaaaaaa/indicators');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not found.' });
  });

  it('builds links from the Host header of the request', async () => {
    const res = await get(`${big}/indicators`, '127.0.0.1:4567');
    expect(res.json().next).toBe(`http://127.0.0.1:4567/api/v1/pulses/${big}/indicators?page=2`);
  });

  it('plays the page faults of scenario pulses', async () => {
    const broken = await get(`${P.partialA.id}/indicators?sort=-created&limit=10000&page=1`);
    expect(broken.statusCode).toBe(500);
    expect(broken.headers['content-type']).toMatch(/^text\/html/);
    const missing = await get(`${P.page404.id}/indicators`);
    expect(missing.statusCode).toBe(404);
    expect((await get(`${P.partialB.id}/indicators`)).statusCode).toBe(200);
  });

  it('writes count, next and previous before results, as DRF does', async () => {
    const text = (await get(`${big}/indicators?page=2`)).body;
    const at = (key: string) => text.indexOf(`"${key}":`);
    expect(text.startsWith('{"count":25,"next":')).toBe(true);
    expect(at('count')).toBeLessThan(at('next'));
    expect(at('next')).toBeLessThan(at('previous'));
    expect(at('previous')).toBeLessThan(at('results'));
  });

  it('serves a page again from the page cache, byte for byte', async () => {
    const url = `${big}/indicators?sort=created&limit=7&page=2`;
    const stats = async () =>
      (await app.inject({ method: 'GET', url: '/_sim/stats' })).json<{
        pageCache: { hits: number; builds: number };
      }>().pageCache;
    const before = await stats();
    const first = await get(url);
    const again = await get(url);
    expect(again.body).toBe(first.body);
    expect(again.headers['content-length']).toBe(String(Buffer.byteLength(first.body)));
    expect(await stats()).toMatchObject({ builds: before.builds + 1, hits: before.hits + 1 });
    // Another Host makes other links: another page.
    expect((await get(url, 'other.test')).body).not.toBe(first.body);
  });
});

describe('pageKeyOrder results-first', () => {
  it('writes results, count, previous, next, as the recorded OTX answer does, same content', async () => {
    const drf = await createOtxSimApp();
    const recorded = await createOtxSimApp({ pageKeyOrder: 'results-first' });
    try {
      const url = `/api/v1/pulses/${big}/indicators?page=2&sort=-created`;
      const headers = { 'x-otx-api-key': 'test-otx-key', host: 'otx.test' };
      const a = await drf.inject({ method: 'GET', url, headers });
      const b = await recorded.inject({ method: 'GET', url, headers });
      expect(b.body.startsWith('{"results":[{')).toBe(true);
      expect(b.body.indexOf('"count":')).toBeLessThan(b.body.indexOf('"previous":'));
      expect(b.body.indexOf('"previous":')).toBeLessThan(b.body.indexOf('"next":'));
      expect(b.json()).toEqual(a.json());
    } finally {
      await Promise.all([drf.close(), recorded.close()]);
    }
  });
});
