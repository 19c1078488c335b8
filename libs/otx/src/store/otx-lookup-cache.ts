import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { isRedisUsable, RedisFailureLog } from './otx-redis';

/** Where cached lookups live; `now` is the clock of the in-memory TTLs. */
export interface OtxLookupCacheOptions {
  maxEntries: number;
  redis?: Redis;
  logger: Logger;
  now?: () => number;
}

/** A cache hit (`value` may itself be null: "no data" is cached too). */
export interface OtxCacheHit<T> {
  value: T;
}

const REDIS_PREFIX = 'otx-relay:cache:';

/**
 * Lookup results with a TTL per entry: Redis when configured (shared between processes), else an
 * in-memory LRU of `maxEntries`. A failing Redis is a miss, never an error.
 */
export class OtxLookupCache {
  private readonly memory?: LRUCache<string, OtxCacheHit<unknown>>;
  private readonly now: () => number;
  private readonly failures: RedisFailureLog;

  constructor(private readonly options: OtxLookupCacheOptions) {
    this.now = options.now ?? Date.now;
    this.failures = new RedisFailureLog(options.logger, this.now);
    if (options.redis === undefined && options.maxEntries > 0) {
      const perf = { now: this.now };
      this.memory = new LRUCache({ max: options.maxEntries, ttlResolution: 0, perf });
    }
  }

  /** `requestId`: the request served, named in the warning of a failing Redis. */
  async get<T>(key: string, requestId?: string): Promise<OtxCacheHit<T> | undefined> {
    const { redis } = this.options;
    if (redis === undefined) return this.memory?.get(key) as OtxCacheHit<T> | undefined;
    if (!isRedisUsable(redis)) return undefined;
    try {
      const text = await redis.get(REDIS_PREFIX + key);
      return text === null ? undefined : { value: JSON.parse(text) as T };
    } catch (error) {
      this.failures.report('OTX cache read skipped', error, requestId);
      return undefined;
    }
  }

  /** Keeps `value` for `ttlS` seconds; a TTL of 0 keeps nothing. */
  async set(key: string, value: unknown, ttlS: number, requestId?: string): Promise<void> {
    if (ttlS <= 0) return;
    const { redis } = this.options;
    if (redis === undefined) {
      this.memory?.set(key, { value }, { ttl: ttlS * 1000 });
      return;
    }
    if (!isRedisUsable(redis)) return;
    try {
      await redis.set(REDIS_PREFIX + key, JSON.stringify(value), 'EX', ttlS);
    } catch (error) {
      this.failures.report('OTX cache write skipped', error, requestId);
    }
  }
}
