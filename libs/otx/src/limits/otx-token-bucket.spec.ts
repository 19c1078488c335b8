import Redis from 'ioredis';
import { OtxTokenBuckets, takeToken, TokenBucketSpec } from './otx-token-bucket';
import { describeWithRedis, TestRedisServer } from '../testing/redis-server';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('takeToken (the bucket rule)', () => {
  const spec: TokenBucketSpec = { capacity: 3, perMinute: 60 }; // one token a second

  it('starts full and gives its capacity at once', () => {
    let state;
    for (let i = 0; i < 3; i++) {
      const taken = takeToken(spec, state, T0, Infinity);
      expect(taken.grant).toEqual({ granted: true, waitMs: 0 });
      state = taken.next;
    }
    expect(state).toEqual({ level: 0, at: T0 });
  });

  it('refills continuously, never above capacity', () => {
    const half = takeToken(spec, { level: 0, at: T0 }, T0 + 500, Infinity);
    expect(half.grant).toEqual({ granted: true, waitMs: 500 });
    const idle = takeToken(spec, { level: 0, at: T0 }, T0 + 3_600_000, Infinity);
    expect(idle.next).toEqual({ level: 2, at: T0 + 3_600_000 });
  });

  it('reserves the next token within maxWaitMs, queueing waiters one refill apart', () => {
    const first = takeToken(spec, { level: 0, at: T0 }, T0, 10_000);
    const second = takeToken(spec, first.next, T0, 10_000);
    expect([first.grant.waitMs, second.grant.waitMs]).toEqual([1000, 2000]);
    expect(second.next).toEqual({ level: -2, at: T0 });
  });

  it('takes nothing when the next token comes at or after maxWaitMs', () => {
    const state = { level: 0.25, at: T0 };
    expect(takeToken(spec, state, T0, 750)).toEqual({ grant: { granted: false, waitMs: 750 } });
    expect(takeToken(spec, state, T0, 751).grant).toEqual({ granted: true, waitMs: 750 });
    // A token in hand is given even when the deadline has passed.
    expect(takeToken(spec, { level: 1, at: T0 }, T0, -5).grant.granted).toBe(true);
  });

  it('ignores a clock that went backwards', () => {
    expect(takeToken(spec, { level: 0, at: T0 }, T0 - 10_000, Infinity).grant.waitMs).toBe(1000);
  });
});

const describeRedis = describeWithRedis;

describeRedis('OtxTokenBuckets in Redis (real redis-server)', () => {
  let server: TestRedisServer;
  const clients: Redis[] = [];
  const redis = () => {
    const client = new Redis(server.url);
    clients.push(client);
    return client;
  };
  // 1200 a minute: a token every 50 ms.
  const spec = { capacity: 2, perMinute: 1200 };
  const buckets = (client = redis()) => new OtxTokenBuckets(spec, 'test', () => 0, client);

  beforeAll(async () => {
    server = await TestRedisServer.start();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await server.stop();
  });

  it('shares one bucket per key between processes, with reservations in turn', async () => {
    const [a, b] = [buckets(), buckets()];
    expect(await a.take('k', 1000)).toEqual({ granted: true, waitMs: 0 });
    expect(await b.take('k', 1000)).toEqual({ granted: true, waitMs: 0 });
    expect(await b.take('other', 1000)).toEqual({ granted: true, waitMs: 0 });

    const third = await a.take('k', 1000);
    const fourth = await b.take('k', 1000);

    expect(third.granted && fourth.granted).toBe(true);
    expect(third.waitMs).toBeGreaterThan(0);
    expect(third.waitMs).toBeLessThanOrEqual(50);
    expect(fourth.waitMs - third.waitMs).toBeGreaterThanOrEqual(48);
    expect(await a.take('k', 20)).toMatchObject({ granted: false });
  });

  it('refills on Redis time and stores the level under the relay prefix with an expiry', async () => {
    const client = redis();
    const sut = buckets(client);
    await sut.take('refill', 0);
    await sut.take('refill', 0);
    expect(await sut.take('refill', 0)).toMatchObject({ granted: false });

    await new Promise((resolve) => setTimeout(resolve, 120));

    expect(await sut.take('refill', 0)).toEqual({ granted: true, waitMs: 0 });
    const ttl = await client.pttl('otx-relay:test:refill');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000 + 100);
  });

  it('falls back to memory when a command fails, with one warning', async () => {
    const client = redis();
    const warn = jest.fn();
    const sut = new OtxTokenBuckets(spec, 'test', () => T0, client, { warn });
    await client.set('otx-relay:test:wrong-type', 'not a hash');

    expect(await sut.take('wrong-type', 0)).toEqual({ granted: true, waitMs: 0 });
    expect(await sut.take('wrong-type', 0)).toEqual({ granted: true, waitMs: 0 });
    expect(await sut.take('wrong-type', 0)).toMatchObject({ granted: false, waitMs: 50 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /^OTX budget kept in this process: Redis failed \(WRONGTYPE/,
    );
  });
});
