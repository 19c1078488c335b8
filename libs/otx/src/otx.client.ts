import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import { OtxBreaker } from './limits/otx-breaker';
import { OtxBudget } from './limits/otx-budget';
import { OTX_CLOCK, OtxClock, REAL_OTX_CLOCK } from './otx-clock';
import { OtxInFlight } from './store/otx-in-flight';
import { OtxLookupCache } from './store/otx-lookup-cache';
import { resolveOtxOptions } from './otx-options.util';
import { closeOtxRedis, createOtxRedis } from './store/otx-redis';
import { OtxCaller } from './http/otx.caller';
import { OTX_MODULE_OPTIONS } from './otx.module-definition';
import { OtxHttpSession, OtxSessionDeps } from './lookup/otx.session';
import { OtxTransport } from './http/otx.transport';
import { OtxModuleOptions, OtxSession, OtxSessionOptions } from './otx.types';

/**
 * Entry point to AlienVault OTX: hands out one {@link OtxSession} per relay request. Owns what
 * sessions share: the keep-alive socket pool, the lookup cache, in-flight coalescing, and each
 * key's request budget and circuit breaker (in Redis when `redisUrl` is set).
 */
@Injectable()
export class OtxClient implements OnApplicationShutdown {
  private readonly logger = new Logger(OtxClient.name);
  private readonly deps: OtxSessionDeps;
  private readonly redis?: Redis;
  private closed?: Promise<void>;

  constructor(
    http: HttpService,
    @Inject(OTX_MODULE_OPTIONS) options: OtxModuleOptions,
    @Optional() @Inject(OTX_CLOCK) clock: OtxClock = REAL_OTX_CLOCK,
  ) {
    const resolved = resolveOtxOptions(options);
    const { logger } = this;
    const redis = resolved.redisUrl ? createOtxRedis(resolved.redisUrl, logger) : undefined;
    const transport = new OtxTransport(http, resolved, logger, () => clock.now());
    const bucket = { capacity: resolved.rateBurst, perMinute: resolved.ratePerMinute };
    const budget = new OtxBudget(bucket, clock, redis, logger);
    const breaker = new OtxBreaker(
      resolved.breakerThreshold,
      resolved.breakerCooldownS,
      logger,
      redis,
    );
    this.redis = redis;
    this.deps = {
      options: resolved,
      transport,
      caller: new OtxCaller(budget, breaker, resolved, clock, logger),
      cache: new OtxLookupCache({
        maxEntries: resolved.cacheMaxEntries,
        redis,
        logger,
        now: () => clock.now(),
      }),
      inFlight: new OtxInFlight(),
      clock,
    };
  }

  /**
   * A session that sends `apiKey` as `X-OTX-API-KEY` and runs at most `options.concurrency`
   * requests at once, none after `opts.deadlineAt`. Never throws; a key that cannot be sent as
   * a header makes every call reject with `UNAUTHORIZED`.
   */
  session(apiKey: string, opts: OtxSessionOptions = {}): OtxSession {
    return new OtxHttpSession(this.deps, apiKey, opts);
  }

  /** Closes the socket pool and the Redis connection (idempotent). Sessions must not be used after. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.deps.transport.close();
      if (this.redis !== undefined) await closeOtxRedis(this.redis);
    })();
    return this.closed;
  }

  /** Runs after the HTTP server stopped taking requests, so in-flight lookups could finish. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
