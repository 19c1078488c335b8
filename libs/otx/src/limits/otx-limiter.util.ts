import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { isRedisUsable } from '../store/otx-redis';

/** `points` per `duration` seconds under `keyPrefix`. */
export interface OtxLimiterSpec {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * A counter in Redis when there is one (shared by every process), falling back to one in this
 * process's memory: at once while Redis is between reconnection attempts, and through
 * rate-limiter-flexible's insurance limiter when a Redis command fails.
 */
export class OtxLimiter {
  private readonly memory: RateLimiterMemory;
  private readonly shared?: RateLimiterRedis;

  constructor(
    spec: OtxLimiterSpec,
    private readonly redis?: Redis,
  ) {
    this.memory = new RateLimiterMemory(spec);
    if (redis !== undefined) {
      const keyPrefix = `otx-relay:${spec.keyPrefix}`;
      this.shared = new RateLimiterRedis({
        ...spec,
        keyPrefix,
        storeClient: redis,
        insuranceLimiter: this.memory,
      });
    }
  }

  /** The limiter to use for this operation. */
  get current(): RateLimiterAbstract {
    return this.shared !== undefined && isRedisUsable(this.redis) ? this.shared : this.memory;
  }
}
