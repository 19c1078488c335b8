import { RateLimiterRes } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import { OtxLimiter } from './otx-limiter.util';
import { OtxEndpoint, OtxException } from './otx.exception';

/** Time as the budget sees it (injected so that tests can drive it). */
export interface OtxBudgetClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * The request budget of each OTX key: `ratePerMinute` requests per minute (rate-limiter-flexible's
 * fixed one-minute window), in Redis when configured so that every relay process draws on the
 * same budget. Keys are key hashes, never OTX keys.
 */
export class OtxBudget {
  private readonly limiter: OtxLimiter;

  constructor(
    private readonly ratePerMinute: number,
    private readonly clock: OtxBudgetClock,
    redis?: Redis,
  ) {
    this.limiter = new OtxLimiter(
      { keyPrefix: 'budget', points: ratePerMinute, duration: 60 },
      redis,
    );
  }

  /**
   * Takes one request token for `keyHash`. When the budget is spent, waits for the next window
   * if it opens before `deadlineAt`; otherwise rejects with `BUDGET` (and `retryAfterS`).
   * @throws OtxException
   */
  async take(keyHash: string, deadlineAt: number, endpoint: OtxEndpoint): Promise<void> {
    for (;;) {
      const waitMs = await this.tryTake(keyHash);
      if (waitMs === 0) return;
      if (this.clock.now() + waitMs >= deadlineAt) {
        const retryAfterS = Math.ceil(waitMs / 1000);
        const detail = `request budget of ${this.ratePerMinute}/min for this key is spent (next in ${retryAfterS} s)`;
        throw new OtxException('BUDGET', endpoint, detail, undefined, retryAfterS);
      }
      await this.clock.sleep(waitMs);
    }
  }

  /** 0 when a token was taken, else the milliseconds until the window refills. */
  private async tryTake(keyHash: string): Promise<number> {
    try {
      await this.limiter.current.consume(keyHash);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      throw rejection;
    }
  }
}
