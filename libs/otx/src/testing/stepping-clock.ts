import { OtxClient } from '../otx.client';
import { OtxClock } from '../otx-clock';
import { OtxObserver } from '../otx-observer';
import { OtxModuleOptions } from '../otx.types';
import { FakeOtxServer, testClient, useFakeOtxServer } from './fake-otx.server';

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

/**
 * The set-up of the in-memory cache specs: a fresh fake OTX and a {@link SteppingClock} from
 * `now` for each test (Date faked, timers real), and clients with a one-hour hit TTL and a
 * 15-minute empty TTL that report their cache lookups into `cacheEvents` (`general hit`, …).
 */
export function useCachingClients(
  now: number,
  onStart: (otx: FakeOtxServer, clock: SteppingClock) => void,
): {
  cacheEvents: string[];
  client: (overrides?: Partial<OtxModuleOptions>) => OtxClient;
} {
  let otx: FakeOtxServer | undefined;
  let clock: SteppingClock | undefined;
  const cacheEvents: string[] = [];
  const observer: OtxObserver = {
    onCache: (e) => cacheEvents.push(`${e.kind} ${e.hit ? 'hit' : 'miss'}`),
  };
  useFakeOtxServer((server) => (otx = server));
  beforeEach(() => {
    jest.useFakeTimers({ ...FAKE_DATE_ONLY, now });
    clock = new SteppingClock();
    cacheEvents.length = 0;
    onStart(otx!, clock);
  });
  afterEach(() => {
    jest.useRealTimers();
  });
  const client = (overrides: Partial<OtxModuleOptions> = {}) =>
    testClient(
      otx!.baseUrl,
      { observer, cacheTtlHitS: 3600, cacheTtlEmptyS: 900, ...overrides },
      clock,
    );
  return { cacheEvents, client };
}
