import { setTimeout as delay } from 'node:timers/promises';

/** Time and chance as the client sees them; tests inject their own to control retries and TTLs. */
export interface OtxClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), for backoff jitter. */
  random(): number;
}

/** The real clock. */
export const REAL_OTX_CLOCK: OtxClock = {
  now: () => Date.now(),
  sleep: (ms) => delay(ms),
  random: () => Math.random(),
};

/** Injection token of an {@link OtxClock} (optional; tests only). */
export const OTX_CLOCK = Symbol('OTX_CLOCK');
