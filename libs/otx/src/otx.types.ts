import type { OtxQueryableType } from './otx.constants';
import type { OtxObserver } from './otx-observer';

/** Options of {@link OtxModule}; the app passes them in (libraries never read the environment). */
export interface OtxModuleOptions {
  /** OTX root, e.g. `https://otx.alienvault.com` (a trailing slash is ignored). */
  baseUrl: string;
  /** Per-request timeout (no socket activity for this long). */
  timeoutMs: number;
  /** Most pulse-indicator pages walked per pulse. */
  maxPages: number;
  /** Most OTX requests in flight per session. */
  concurrency: number;
  /** `limit` of each pulse-indicator page. */
  pageSize: number;
  /** `User-Agent` sent to OTX. */
  userAgent: string;
  /** Extra attempts after a 429, 502, 503, 504, timeout or reset/refused connection (default 2). */
  retries?: number;
  /** Requests per minute per OTX key, shared by all sessions (and processes, with Redis); 600. */
  ratePerMinute?: number;
  /** Size of each key's token bucket: requests that may go at once (default `ratePerMinute`). */
  rateBurst?: number;
  /** 429s (after retries) within a minute that open the key's circuit breaker (default 5). */
  breakerThreshold?: number;
  /** Seconds the breaker stays open: every call fails fast with `RATE_LIMITED` (default 60). */
  breakerCooldownS?: number;
  /**
   * Largest OTX answer read, in bytes (default 10 MiB): a larger one is abandoned as it streams
   * in and fails with `BAD_RESPONSE`, so that a misbehaving OTX cannot exhaust the relay's memory.
   */
  maxResponseBytes?: number;
  /** Pooled keep-alive sockets to OTX, for the whole process (default 64). */
  maxSockets?: number;
  /** Seconds a found result is cached (default 3600; 0: not cached). */
  cacheTtlHitS?: number;
  /** Seconds a "no data" result is cached (default 900; 0: not cached). */
  cacheTtlEmptyS?: number;
  /** Most cache entries kept in memory, least recently used dropped first (default 50000). */
  cacheMaxEntries?: number;
  /**
   * `redis://` or `rediss://` URL. When set, the cache, the request budget and the breaker live
   * in Redis and are shared by every relay process using it; otherwise they stay in memory.
   */
  redisUrl?: string;
  /** Metrics hooks. */
  observer?: OtxObserver;
}

/** Options of {@link OtxClient.session}. */
export interface OtxSessionOptions {
  /**
   * Epoch ms after which no call starts and no retry waits; a call in flight then is aborted.
   * Such calls reject with `DEADLINE`. None by default.
   */
  deadlineAt?: number;
}

/** A pulse summary inside `general` (`pulse_info.pulses[]`): only the fields the relay reads. */
export interface OtxPulse {
  id: string;
  name: string;
  description?: string | null;
  TLP?: string | null;
  tags?: string[] | null;
  author?: { username?: string | null } | null;
  indicator_type_counts?: Record<string, number> | null;
}

/** `GET /api/v1/indicators/<section>/<value>/general`: only the fields the relay reads. */
export interface OtxGeneral {
  base_indicator?: { type?: string } | null;
  pulse_info?: { count?: number; pulses?: OtxPulse[] } | null;
}

/** One record of a pulse's indicator list. */
export interface OtxPulseIndicator {
  /** The value as the pulse lists it (it may differ from the caller's in case or IPv6 form). */
  indicator: string;
  /** Naive UTC timestamp, e.g. `2024-01-18T22:05:49`. */
  created: string;
  expiration?: string | null;
  pulse_key?: string;
}

/** OTX's paged list envelope (`previous` is not read). */
export interface OtxPage<T> {
  results: T[];
  next: string | null;
  count?: number;
}

/** Outcome of {@link OtxSession.findInPulse}. */
export interface OtxPulseSearchResult {
  /** The first record whose `indicator` matches the value, or null. */
  match: OtxPulseIndicator | null;
  /** Pages OTX answered with 200. */
  pagesWalked: number;
  /** False when `maxPages` stopped the walk while OTX still had a `next` page. */
  complete: boolean;
}

/** One value to look for in a pulse; it is compared in {@link canonicalIndicator} form. */
export interface OtxWantedIndicator {
  type: OtxQueryableType;
  value: string;
}

/** Outcome of {@link OtxSession.findInPulseMany}. */
export interface OtxPulseMultiResult {
  /** Canonical value → the first record (newest first) whose indicator matches it. */
  matches: Map<string, OtxPulseIndicator>;
  /** False when `maxPages` stopped the walk while values were unmatched and OTX had more pages. */
  complete: boolean;
  /** Pages OTX answered with 200 for this call (0 when everything came from the cache). */
  pagesWalked: number;
}

/**
 * OTX access for one relay request, from {@link OtxClient.session}. Every call
 * goes through one limiter, so callers may fan out with `Promise.all` freely.
 * Methods reject with {@link OtxException}. Results may be shared with other
 * callers (cache, coalescing): treat them as read-only.
 */
export interface OtxSession {
  /** Requests this session sent to OTX (retries included; not cache hits nor coalesced waits). */
  readonly callCount: number;
  /**
   * `GET /api/v1/user/me`. Resolves only on 200 (400/404 are `HTTP_STATUS`, contract §11.15).
   * @throws OtxException
   */
  checkUser(): Promise<void>;
  /**
   * `GET /api/v1/indicators/<section>/<value>/general`; null when OTX answers 400/404 ("no data").
   * @throws OtxException
   */
  getGeneral(type: OtxQueryableType, value: string): Promise<OtxGeneral | null>;
  /**
   * Whether `value` is in the pulse: {@link findInPulseMany} for one value. Without `type` the
   * comparison is exact (case-sensitive); with it, canonical.
   * @throws OtxException
   */
  findInPulse(
    pulseId: string,
    value: string,
    type?: OtxQueryableType,
  ): Promise<OtxPulseSearchResult>;
  /**
   * Finds every wanted value in one pulse: cached memberships first, then one walk of
   * `/api/v1/pulses/<id>/indicators` (newest first, inactive included) that stops when all are
   * matched, at the last page or at `maxPages`. 400/404 on a page → no (further) match.
   * @throws OtxException
   */
  findInPulseMany(pulseId: string, wanted: OtxWantedIndicator[]): Promise<OtxPulseMultiResult>;
}
