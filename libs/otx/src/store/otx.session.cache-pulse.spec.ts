import { FakeOtxServer } from '../testing/fake-otx.server';
import { pulsePages, pulseRow as row, findOne } from '../testing/pulse-pages';
import { SteppingClock, useCachingClients } from '../testing/stepping-clock';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const IP = '203.0.113.7';

describe('OtxSession pulse membership cache (in memory, fake clock)', () => {
  let otx: FakeOtxServer;
  let clock: SteppingClock;
  const { cacheEvents, client } = useCachingClients(T0, (server, c) => {
    otx = server;
    clock = c;
  });

  it('shares the page requests of identical pulse walks in flight', async () => {
    const pages = pulsePages([[row('10.0.0.1')], [row(IP)]]);
    otx.handler = (req, res) => setTimeout(() => pages(req, res), 30);
    const c = client();

    const [a, b] = await Promise.all([
      findOne(c.session('k'), 'p1', IP),
      c.session('k').findInPulseMany('p1', [{ type: 'ip', value: IP }]),
    ]);

    expect(a.match?.indicator).toBe(IP);
    expect(b.matches.get(IP)?.indicator).toBe(IP);
    expect(otx.requests).toHaveLength(2);
  });

  it('never lets another OTX key join a page request in flight: each key sends its own', async () => {
    const pages = pulsePages([[row('10.0.0.1')], [row(IP)]]);
    otx.handler = (req, res) => setTimeout(() => pages(req, res), 30);
    const c = client();

    await Promise.all([
      findOne(c.session('key-a'), 'p1', IP),
      findOne(c.session('key-b'), 'p1', IP),
    ]);

    const byKey = (key: string) => otx.requests.filter((r) => r.headers['x-otx-api-key'] === key);
    expect(byKey('key-a')).toHaveLength(2);
    expect(byKey('key-b')).toHaveLength(2);
  });

  it('keeps memberships per OTX key: a second key walks the pages itself', async () => {
    otx.handler = pulsePages([[row('10.0.0.1')], [row(IP)]]);
    const c = client();
    await findOne(c.session('key-a'), 'p1', IP);
    await findOne(c.session('key-a'), 'p1', '9.9.9.9');
    expect(otx.requests).toHaveLength(4);

    // A private pulse may read differently with another key: neither "found" nor "absent" carries.
    await expect(findOne(c.session('key-b'), 'p1', IP)).resolves.toMatchObject({ pagesWalked: 2 });
    await expect(findOne(c.session('key-b'), 'p1', '9.9.9.9')).resolves.toMatchObject({
      pagesWalked: 2,
    });
    expect(otx.requests.filter((r) => r.headers['x-otx-api-key'] === 'key-b')).toHaveLength(4);
    // The first key's entries are still there.
    await expect(findOne(c.session('key-a'), 'p1', IP)).resolves.toMatchObject({ pagesWalked: 0 });
  });

  it('caches memberships: found for the hit TTL, absent after a complete walk for the empty TTL', async () => {
    otx.handler = pulsePages([[row('10.0.0.1')], [row(IP)]]);
    const c = client();
    const wanted = [
      { type: 'ip' as const, value: IP },
      { type: 'ip' as const, value: '9.9.9.9' },
    ];
    await c.session('k').findInPulseMany('p1', wanted);
    cacheEvents.length = 0;

    const again = await c.session('k').findInPulseMany('p1', wanted);

    expect(again).toMatchObject({ complete: true, pagesWalked: 0 });
    expect([...again.matches.keys()]).toEqual([IP]);
    expect(otx.requests).toHaveLength(2);
    expect(cacheEvents).toEqual(['pulse hit', 'pulse hit']);
    clock.advance(901_000);
    const later = await c.session('k').findInPulseMany('p1', wanted);
    expect(later.pagesWalked).toBe(2);
    expect(cacheEvents.slice(2)).toEqual(['pulse hit', 'pulse miss']);
  });

  it('walks only for the values not cached', async () => {
    otx.handler = pulsePages([[row(IP), row('10.0.0.1')], [row('10.0.0.2')]]);
    const c = client();
    await findOne(c.session('k'), 'p1', IP, 'ip');
    otx.requests.length = 0;

    const result = await c.session('k').findInPulseMany('p1', [
      { type: 'ip', value: IP },
      { type: 'ip', value: '10.0.0.2' },
    ]);

    expect([...result.matches.keys()].sort()).toEqual(['10.0.0.2', IP]);
    expect(otx.requests).toHaveLength(2);
  });

  it('does not cache an absence after an incomplete walk, nor after a failed page', async () => {
    otx.handler = pulsePages([[row('10.0.0.1')], [row('10.0.0.2')]]);
    const c = client({ maxPages: 1, retries: 0 });
    await expect(findOne(c.session('k'), 'p1', IP)).resolves.toMatchObject({ complete: false });
    await findOne(c.session('k'), 'p1', IP);
    expect(otx.requests).toHaveLength(2);

    otx.handler = pulsePages([[row('10.0.0.1')], [row(IP)]], { 2: 502 });
    const c2 = client({ retries: 0 });
    await expect(findOne(c2.session('k'), 'p1', IP)).rejects.toMatchObject({ status: 502 });
    otx.handler = pulsePages([[row('10.0.0.1')], [row(IP)]]);
    await expect(findOne(c2.session('k'), 'p1', IP)).resolves.toMatchObject({
      match: { indicator: IP },
    });
  });
});
