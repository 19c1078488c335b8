import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import { OtxTokenBuckets, TokenBucketSpec } from './otx-token-bucket';
import { OtxEndpoint, OtxException } from '../otx.exception';

/** Time as the budget sees it (injected so that tests can drive it). */
export interface OtxBudgetClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * The request budget of each OTX key: a token bucket, so that a burst goes at once and the rest
 * follows at the steady rate. In Redis when configured, so that every relay process draws on the
 * same bucket. Keys are key hashes, never OTX keys.
 */
export class OtxBudget {
  private readonly buckets: OtxTokenBuckets;

  constructor(
    private readonly bucket: TokenBucketSpec,
    private readonly clock: OtxBudgetClock,
    redis?: Redis,
    logger?: Pick<LoggerService, 'warn' | 'debug'>,
  ) {
    const now = () => clock.now();
    this.buckets = new OtxTokenBuckets(bucket, 'budget-bucket', now, redis, logger);
  }

  /**
   * Takes one request token for `keyHash`, waiting for it when it comes before `deadlineAt`
   * (the token is reserved meanwhile: waiters are served in turn, without polling); otherwise
   * rejects with `BUDGET` (and `retryAfterS`) without taking anything. `requestId` tags the
   * warnings of a failing Redis.
   * @throws OtxException
   */
  async take(
    keyHash: string,
    deadlineAt: number,
    endpoint: OtxEndpoint,
    requestId?: string,
  ): Promise<void> {
    const grant = await this.buckets.take(keyHash, deadlineAt - this.clock.now(), requestId);
    if (grant.granted) {
      if (grant.waitMs > 0) await this.clock.sleep(grant.waitMs);
      return;
    }
    const retryAfterS = Math.ceil(grant.waitMs / 1000);
    const detail = `request budget of ${this.bucket.perMinute}/min for this key is spent (next in ${retryAfterS} s)`;
    throw new OtxException('BUDGET', endpoint, detail, undefined, retryAfterS);
  }
}
