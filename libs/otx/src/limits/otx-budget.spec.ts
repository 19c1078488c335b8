import { Logger } from '@nestjs/common';
import { OtxBreaker } from './otx-breaker';
import { OtxBudget } from './otx-budget';
import { OtxException } from '../otx.exception';
import { SteppingClock } from '../testing/stepping-clock';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const perMinute = (n: number, burst = n) => ({ perMinute: n, capacity: burst });

describe('OtxBudget (in memory, fake clock)', () => {
  let clock: SteppingClock;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    clock = new SteppingClock();
  });
  afterEach(() => jest.useRealTimers());

  it('gives ratePerMinute tokens at once, per key hash', async () => {
    const budget = new OtxBudget(perMinute(3), clock);
    for (let i = 0; i < 3; i++) await budget.take('a', Infinity, 'general');
    await budget.take('b', Infinity, 'general');
    expect(clock.sleeps).toEqual([]);
  });

  it('refills continuously: the next token waits one refill, not a whole minute', async () => {
    const budget = new OtxBudget(perMinute(2), clock);
    await budget.take('a', Infinity, 'general');
    await budget.take('a', Infinity, 'general');
    clock.advance(20_000);

    await budget.take('a', T0 + 60_000, 'general');

    expect(clock.sleeps).toEqual([10_000]);
    expect(Date.now()).toBe(T0 + 30_000);
  });

  it('lets at most `burst` go at once, then one every 60/ratePerMinute s', async () => {
    const budget = new OtxBudget(perMinute(600, 2), clock);
    for (let i = 0; i < 4; i++) await budget.take('a', Infinity, 'general');
    expect(clock.sleeps).toEqual([100, 100]);
    clock.advance(3_600_000);
    for (let i = 0; i < 3; i++) await budget.take('a', Infinity, 'general');
    expect(clock.sleeps).toEqual([100, 100, 100]);
  });

  it('serves concurrent waiters in turn, each on its own reserved token', async () => {
    const budget = new OtxBudget(perMinute(60), clock);
    for (let i = 0; i < 60; i++) await budget.take('a', Infinity, 'general');

    await Promise.all([1, 2, 3].map(() => budget.take('a', T0 + 10_000, 'general')));

    expect(clock.sleeps).toEqual([1000, 2000, 3000]);
  });

  it('rejects BUDGET, without waiting or taking, when the next token comes after the deadline', async () => {
    const budget = new OtxBudget(perMinute(1), clock);
    await budget.take('a', Infinity, 'general');

    const error = await budget.take('a', T0 + 30_000, 'pulse-indicators').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OtxException);
    expect(error).toMatchObject({ code: 'BUDGET', endpoint: 'pulse-indicators', retryAfterS: 60 });
    expect(clock.sleeps).toEqual([]);
    expect((error as Error).message).toContain('1/min');
    clock.advance(60_000);
    await budget.take('a', T0 + 60_001, 'general');
    expect(clock.sleeps).toEqual([]);
  });
});

describe('OtxBreaker (in memory, fake clock)', () => {
  const logger = new Logger('test');
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('opens after `threshold` 429s within the window, for the cool-down, then closes', async () => {
    const breaker = new OtxBreaker(3, 60, logger);
    await breaker.record429('a');
    await breaker.record429('a');
    expect(await breaker.openForS('a')).toBe(0);

    await breaker.record429('a');

    expect(await breaker.openForS('a')).toBe(60);
    expect(await breaker.openForS('b')).toBe(0);
    jest.setSystemTime(T0 + 59_500);
    expect(await breaker.openForS('a')).toBe(1);
    jest.setSystemTime(T0 + 60_001);
    expect(await breaker.openForS('a')).toBe(0);
  });

  it('forgets 429s older than the window, and starts counting afresh after opening', async () => {
    const breaker = new OtxBreaker(2, 30, logger);
    await breaker.record429('a');
    jest.setSystemTime(T0 + 61_000);
    await breaker.record429('a');
    expect(await breaker.openForS('a')).toBe(0);

    await breaker.record429('a');
    expect(await breaker.openForS('a')).toBe(30);
    jest.setSystemTime(T0 + 61_000 + 31_000);
    await breaker.record429('a');
    expect(await breaker.openForS('a')).toBe(0);
  });

  it('opens at once with a threshold of 1', async () => {
    const breaker = new OtxBreaker(1, 5, logger);
    await breaker.record429('a');
    expect(await breaker.openForS('a')).toBe(5);
  });
});
