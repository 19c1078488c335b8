import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { OtxLimiter } from './otx-limiter.util';
import { otxLogMessage } from '../otx-log';

/** How long the 429s that open the breaker are counted over. */
export const BREAKER_WINDOW_S = 60;

/**
 * The circuit breaker of each OTX key: `threshold` 429s (after retries) within
 * {@link BREAKER_WINDOW_S} open it for `cooldownS`; then it closes by itself. Shared through Redis
 * when configured. Keys are key hashes, never OTX keys.
 */
export class OtxBreaker {
  private readonly counter: OtxLimiter;
  private readonly opened: OtxLimiter;

  constructor(
    private readonly threshold: number,
    private readonly cooldownS: number,
    private readonly logger: Logger,
    redis?: Redis,
  ) {
    const counted = { keyPrefix: 'breaker-429s', points: threshold, duration: BREAKER_WINDOW_S };
    this.counter = new OtxLimiter(counted, redis);
    this.opened = new OtxLimiter(
      { keyPrefix: 'breaker-open', points: 1, duration: cooldownS },
      redis,
    );
  }

  /** Seconds until the breaker of `keyHash` closes (at least 1), or 0 when it is closed. */
  async openForS(keyHash: string): Promise<number> {
    const state = await this.opened.current.get(keyHash);
    // `block()` stores points + 1: anything less is not an open breaker.
    if (state === null || state.consumedPoints <= 1 || state.msBeforeNext <= 0) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  /**
   * Counts a 429 that retries did not overcome; opens the breaker at the threshold (a warning,
   * with the `requestId` of the call that opened it).
   */
  async record429(keyHash: string, requestId?: string): Promise<void> {
    const counted = await this.counter.current.penalty(keyHash, 1);
    if (counted.consumedPoints < this.threshold) return;
    await this.opened.current.block(keyHash, this.cooldownS);
    await this.counter.current.delete(keyHash);
    const times = counted.consumedPoints;
    this.logger.warn(
      otxLogMessage(
        `OTX rate-limited a key ${times} times: breaker open for ${this.cooldownS} s`,
        requestId,
      ),
    );
  }
}
