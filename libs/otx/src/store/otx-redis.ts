import { Logger, LoggerService } from '@nestjs/common';
import Redis from 'ioredis';
import { errorCode } from '../http/otx-error.util';
import { otxLogMessage } from '../otx-log';

// A cache and a budget are optimisations: a slow or absent Redis must cost little, never a lookup.
const REDIS_OPTIONS = {
  connectTimeout: 1000,
  commandTimeout: 500,
  maxRetriesPerRequest: 1,
  retryStrategy: (times: number) => Math.min(times * 250, 2000),
  // Closing while Redis is down waits this long for a dead socket (ioredis: 2 s) before
  // destroying it, which would hold a shutting-down process open.
  disconnectTimeout: 250,
};

/**
 * A Redis client for the cache, budget and breaker. Connection problems are logged once per
 * outage as a warning (never the URL, which may hold a password) and never crash the process.
 */
export function createOtxRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, REDIS_OPTIONS);
  let down = false;
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn(
      `Redis unavailable (${errorCode(error) ?? 'error'}): OTX cache off, budget and breaker ` +
        'local to this process until it is back',
    );
  });
  redis.on('ready', () => {
    if (down) logger.log('Redis reachable again: shared OTX cache, budget and breaker back on');
    down = false;
  });
  return redis;
}

/**
 * Whether to send Redis commands now. While connecting they wait (briefly) in ioredis's queue;
 * between reconnection attempts callers fall back at once instead of queueing.
 */
export function isRedisUsable(redis: Redis | undefined): redis is Redis {
  return redis !== undefined && ['ready', 'connecting', 'connect', 'wait'].includes(redis.status);
}

/** QUIT when connected (lets replies drain), else drops the connection and stops reconnecting. */
export async function closeOtxRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') return redis.disconnect();
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/**
 * Reports failed Redis commands as a warning at most once a minute, the rest at debug level: a
 * flaky Redis must not flood the log.
 */
export class RedisFailureLog {
  private lastWarnAt = -Infinity;

  constructor(
    private readonly logger: Pick<LoggerService, 'warn' | 'debug'> | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Logs `<what>: Redis failed (<reason>)`, with `requestId` when it happened serving a
   * request's call (contract §13.1).
   */
  report(what: string, error: unknown, requestId?: string): void {
    const reason = error instanceof Error ? error.message : 'error';
    const line = otxLogMessage(`${what}: Redis failed (${reason})`, requestId);
    if (this.now() - this.lastWarnAt < 60_000) {
      this.logger?.debug?.(line);
      return;
    }
    this.lastWarnAt = this.now();
    this.logger?.warn(line);
  }
}
