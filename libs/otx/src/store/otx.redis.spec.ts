import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { OtxClient } from '../otx.client';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { pulsePages, pulseRow as row } from '../testing/pulse-pages';
import { describeWithRedis, HAS_REDIS_SERVER, TestRedisServer } from '../testing/redis-server';

const KEY = 'redis-spec-secret-otx-key';
const FOUND = { base_indicator: { type: 'IPv4' }, pulse_info: { pulses: [{ id: 'p1' }] } };
const describeRedis = describeWithRedis;
if (!HAS_REDIS_SERVER) {
  console.warn(
    'otx.redis.spec: redis-server is not installed; the Redis backend tests are skipped',
  );
}

describeRedis('OtxClient with Redis (real redis-server)', () => {
  let redisServer: TestRedisServer;
  let redis: Redis;
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));
  let warn: jest.SpyInstance;
  const clients: OtxClient[] = [];
  const extraServers: TestRedisServer[] = [];
  const client = (overrides = {}) => {
    const c = testClient(otx.baseUrl, { redisUrl: redisServer.url, ...overrides });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redisServer = await TestRedisServer.start();
    redis = new Redis(redisServer.url);
  });
  afterAll(async () => {
    await redis.quit();
    await redisServer.stop();
  });
  beforeEach(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await redis.flushall();
    otx.handler = (_req, res) => sendJson(res, 200, FOUND);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(extraServers.splice(0).map((r) => r.stop()));
  });

  it('shares cached lookups between two clients (two relay processes)', async () => {
    await client().session(KEY).getGeneral('ip', '1.2.3.4');
    const other = client().session(KEY);

    await expect(other.getGeneral('ip', '1.2.3.4')).resolves.toEqual(FOUND);
    expect(other.callCount).toBe(0);
    expect(otx.requests).toHaveLength(1);
    await client().session('another-key').getGeneral('ip', '1.2.3.4');
    expect(otx.requests).toHaveLength(2);
  });

  it('shares pulse memberships, with the TTL of each outcome', async () => {
    otx.handler = pulsePages([[row('1.1.1.1')]]);
    const wanted = [
      { type: 'ip' as const, value: '1.1.1.1' },
      { type: 'ip' as const, value: '9.9.9.9' },
    ];
    await client({ cacheTtlHitS: 3600, cacheTtlEmptyS: 900 })
      .session(KEY)
      .findInPulseMany('p1', wanted);

    const again = await client().session(KEY).findInPulseMany('p1', wanted);

    expect(again.pagesWalked).toBe(0);
    expect([...again.matches.keys()]).toEqual(['1.1.1.1']);
    const keys = await redis.keys('otx-relay:cache:*');
    const ttls = Object.fromEntries(
      await Promise.all(keys.map(async (k) => [k.split(':').pop(), await redis.ttl(k)])),
    );
    expect(ttls['1.1.1.1']).toBeGreaterThan(3590);
    expect(ttls['9.9.9.9']).toBeGreaterThan(890);
    expect(ttls['9.9.9.9']).toBeLessThanOrEqual(900);
  });

  it('never stores the OTX key in Redis', async () => {
    otx.handler = (_req, res) => sendJson(res, 429, {});
    await client({ retries: 0 })
      .session(KEY)
      .getGeneral('ip', '1.2.3.4')
      .catch(() => undefined);
    otx.handler = (_req, res) => sendJson(res, 200, FOUND);
    await client().session(KEY).getGeneral('ip', '5.6.7.8');

    const keys = await redis.keys('*');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    const values = await Promise.all(keys.map((k) => redis.dumpBuffer(k)));
    expect(JSON.stringify(keys)).not.toContain(KEY);
    expect(values.map((v) => v?.toString('latin1') ?? '').join()).not.toContain(KEY);
  });

  it('shares the breaker: a 429 seen by one client makes the other fail fast', async () => {
    otx.handler = (_req, res) => sendJson(res, 429, {});
    const options = { retries: 0, breakerThreshold: 1, breakerCooldownS: 30 };
    await client(options)
      .session(KEY)
      .checkUser()
      .catch(() => undefined);

    await expect(client(options).session(KEY).checkUser()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterS: 30,
    });
    expect(otx.requests).toHaveLength(1);
  });

  it('shares the request budget', async () => {
    await client({ ratePerMinute: 2 }).session(KEY).checkUser();
    await client({ ratePerMinute: 2 }).session(KEY).checkUser();

    const late = client({ ratePerMinute: 2 }).session(KEY, { deadlineAt: Date.now() + 1000 });
    await expect(late.checkUser()).rejects.toMatchObject({ code: 'BUDGET' });
    expect(otx.requests).toHaveLength(2);
  });

  it("names the session's request in the warning of a Redis command that failed for it", async () => {
    await client().session(KEY).getGeneral('ip', '1.2.3.4');
    const [key] = await redis.keys('otx-relay:cache:*');
    // Not a string: GET fails with WRONGTYPE, a Redis error while Redis is up (the answer then
    // written back makes it a string again).
    const corrupt = async () => {
      await redis.del(key);
      await redis.hset(key, 'field', 'value');
    };

    await corrupt();
    await client().session(KEY, { requestId: 'req-51' }).getGeneral('ip', '1.2.3.4');
    await corrupt();
    await client().session(KEY).getGeneral('ip', '1.2.3.4');

    const skipped = expect.stringMatching(/^OTX cache read skipped: Redis failed \(WRONGTYPE/);
    expect(warn.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      { requestId: 'req-51', msg: skipped },
      skipped,
    ]);
  });

  it('keeps working when Redis goes away: no cache, local budget, a warning, no crash', async () => {
    const doomed = await TestRedisServer.start();
    extraServers.push(doomed);
    const c = testClient(otx.baseUrl, { redisUrl: doomed.url, ratePerMinute: 3 });
    clients.push(c);
    await c.session(KEY).getGeneral('ip', '1.2.3.4');
    await c.session(KEY).getGeneral('ip', '1.2.3.4');
    expect(otx.requests).toHaveLength(1);

    await doomed.stop();
    await expect(c.session(KEY).getGeneral('ip', '1.2.3.4')).resolves.toEqual(FOUND);
    await expect(c.session(KEY).getGeneral('ip', '1.2.3.4')).resolves.toEqual(FOUND);

    expect(otx.requests).toHaveLength(3);
    expect(warn.mock.calls.flat().join('\n')).toMatch(/Redis unavailable|Redis failed/);
    const late = c.session(KEY, { deadlineAt: Date.now() + 1000 });
    await late.checkUser();
    await expect(late.checkUser()).rejects.toMatchObject({ code: 'BUDGET' });
  });
});
