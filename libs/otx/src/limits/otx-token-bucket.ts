import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { isRedisUsable, RedisFailureLog } from '../store/otx-redis';

/** A bucket of `capacity` tokens, refilled continuously at `perMinute` tokens a minute. */
export interface TokenBucketSpec {
  capacity: number;
  perMinute: number;
}

/**
 * What one take decided: a token now (`waitMs` 0) or reserved `waitMs` ahead (the caller waits,
 * then goes on without taking again), or, when it comes later than allowed, nothing taken.
 */
export interface TokenGrant {
  granted: boolean;
  waitMs: number;
}

interface BucketLevel {
  /** Tokens at `at`; below 0 while tokens are reserved ahead. */
  level: number;
  at: number;
}

/**
 * The one rule, shared by memory and (in Lua) Redis: refill since `at`, then take a token now,
 * or reserve the next one when it comes within `maxWaitMs`, or take nothing.
 */
export function takeToken(
  spec: TokenBucketSpec,
  state: BucketLevel | undefined,
  now: number,
  maxWaitMs: number,
): { grant: TokenGrant; next?: BucketLevel } {
  const perMs = spec.perMinute / 60_000;
  const elapsed = state === undefined ? 0 : Math.max(0, now - state.at);
  const level = Math.min(spec.capacity, (state?.level ?? spec.capacity) + elapsed * perMs);
  const waitMs = level >= 1 ? 0 : Math.ceil((1 - level) / perMs);
  if (waitMs > 0 && waitMs >= maxWaitMs) return { grant: { granted: false, waitMs } };
  return { grant: { granted: true, waitMs }, next: { level: level - 1, at: now } };
}

// takeToken in Lua, on Redis's clock so that relays on several hosts agree on the time.
// ARGV: capacity, tokens per minute, max wait (ms). Returns {granted 0/1, wait ms}.
const TAKE_TOKEN_LUA = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 60000
local maxWait = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
level = math.min(capacity, level + math.max(0, now - at) * perMs)
local wait = 0
if level < 1 then wait = math.ceil((1 - level) / perMs) end
if wait > 0 and wait >= maxWait then return {0, wait} end
level = level - 1
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - level) / perMs) + 1000)
return {1, wait}
`;

const REDIS_COMMAND = 'otxRelayTakeToken';
// setTimeout's limit, and a number Redis reads back exactly: "no deadline" becomes this.
const MAX_WAIT_MS = 2_147_483_647;

type TakeTokenCommand = (key: string, ...args: string[]) => Promise<[number, number]>;

/**
 * Token buckets by key: in Redis when there is one (shared by every process, one atomic script
 * per take), falling back to this process's memory while Redis is between reconnection attempts
 * or when a command fails. No maintained limiter offers a token bucket with both backends
 * (rate-limiter-flexible counts fixed windows), hence this small one.
 */
export class OtxTokenBuckets {
  private readonly memory: LRUCache<string, BucketLevel>;
  private readonly takeInRedis?: TakeTokenCommand;
  private readonly failures: RedisFailureLog;

  constructor(
    private readonly spec: TokenBucketSpec,
    private readonly keyPrefix: string,
    private readonly now: () => number,
    private readonly redis?: Redis,
    logger?: Pick<LoggerService, 'warn' | 'debug'>,
  ) {
    this.failures = new RedisFailureLog(logger, now);
    // A key that is not here has a full bucket: keys idle for longer than a refill lose nothing.
    this.memory = new LRUCache({ max: 10_000 });
    if (redis !== undefined) {
      if (!(REDIS_COMMAND in redis)) {
        redis.defineCommand(REDIS_COMMAND, { numberOfKeys: 1, lua: TAKE_TOKEN_LUA });
      }
      const command = (redis as unknown as Record<string, TakeTokenCommand>)[REDIS_COMMAND];
      this.takeInRedis = command.bind(redis);
    }
  }

  /**
   * Takes (or reserves) one token of `key`'s bucket; see {@link TokenGrant}. `requestId`: the
   * request served, named in the warning of a failing Redis.
   */
  async take(key: string, maxWaitMs: number, requestId?: string): Promise<TokenGrant> {
    if (this.takeInRedis !== undefined && isRedisUsable(this.redis)) {
      try {
        return await this.takeShared(key, maxWaitMs);
      } catch (error) {
        // The budget is a courtesy to OTX: a failing Redis must not fail the lookup.
        this.failures.report('OTX budget kept in this process', error, requestId);
      }
    }
    return this.takeLocal(key, maxWaitMs);
  }

  private async takeShared(key: string, maxWaitMs: number): Promise<TokenGrant> {
    const { capacity, perMinute } = this.spec;
    const [granted, waitMs] = await this.takeInRedis!(
      `otx-relay:${this.keyPrefix}:${key}`,
      String(capacity),
      String(perMinute),
      String(Math.min(maxWaitMs, MAX_WAIT_MS)),
    );
    return { granted: granted === 1, waitMs };
  }

  private takeLocal(key: string, maxWaitMs: number): TokenGrant {
    const { grant, next } = takeToken(this.spec, this.memory.get(key), this.now(), maxWaitMs);
    if (next !== undefined) this.memory.set(key, next);
    return grant;
  }
}
