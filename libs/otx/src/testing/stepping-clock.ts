import { OtxClock } from '../otx-clock';

/**
 * Jest fake timers that fake only `Date`: real sockets and timers keep working, while the
 * date (and so rate-limiter-flexible's windows and the cache's TTLs) moves only when told.
 */
export const FAKE_DATE_ONLY = {
  doNotFake: [
    'hrtime',
    'nextTick',
    'performance',
    'queueMicrotask',
    'setImmediate',
    'clearImmediate',
    'setInterval',
    'clearInterval',
    'setTimeout',
    'clearTimeout',
  ],
} satisfies Parameters<typeof jest.useFakeTimers>[0];

/** An {@link OtxClock} on Jest's fake `Date`: a sleep moves the date on at once and is recorded. */
export class SteppingClock implements OtxClock {
  readonly sleeps: number[] = [];

  constructor(private readonly randomValue = 0.5) {}

  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    jest.setSystemTime(Date.now() + ms);
    return Promise.resolve();
  }

  random(): number {
    return this.randomValue;
  }

  /** Moves the date on without a sleep. */
  advance(ms: number): void {
    jest.setSystemTime(Date.now() + ms);
  }
}
