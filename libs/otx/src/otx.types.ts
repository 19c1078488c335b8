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
  /**
   * The id of the request the session serves: every line logged while serving its calls
   * carries it as `requestId` (contract §13.1). None by default.
   */
  requestId?: string;
}

/** A pulse summary inside `general` (`pulse_info.pulses[]`): only the fields the relay reads. */
export interface OtxPulse {
  id: string;
  name: string;
  description?: string | null;
  TLP?: string | null;
  tags?: string[] | null;
  author?: { username?: string | null } | null;
  created?: string | null;
  modified?: string | null;
  /** URLs or free text. */
  references?: string[] | null;
  attack_ids?:
    ({ id?: string | null; name?: string | null; display_name?: string | null } | string)[] | null;
  malware_families?:
    | ({ id?: string | null; display_name?: string | null; target?: string | null } | string)[]
    | null;
  /** `""` when none. */
  adversary?: string | null;
  industries?: string[] | null;
  targeted_countries?: string[] | null;
  subscriber_count?: number | null;
  indicator_type_counts?: Record<string, number> | null;
  /** The pulse type string under which this pulse lists the queried indicator. */
  related_indicator_type?: string | null;
  /** 1 when the queried indicator is still active in this pulse, 0 when it expired. */
  related_indicator_is_active?: number | null;
}

/** `GET /api/v1/indicators/<section>/<value>/general`: only the fields the relay reads. */
export interface OtxGeneral {
  type_title?: string | null;
  base_indicator?: { type?: string } | null;
  pulse_info?: { count?: number; pulses?: OtxPulse[] } | null;
  /** OTX's own markers of a known-good value (allow-list, popularity, known false positive). */
  validation?: { source?: string | null; message?: string | null; name?: string | null }[] | null;
  /** Community false-positive assessments. */
  false_positive?: { assessment?: string | null; assessment_date?: string | null }[] | null;
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

/** One value to look for in a pulse; it is compared in {@link canonicalIndicator} form. */
export interface OtxWantedIndicator {
  type: OtxQueryableType;
  value: string;
}

/** A matching record that could not be used (no `created`): it fails alone. */
export interface OtxRecordFailure {
  /** The wanted value, in canonical form. */
  value: string;
  detail: string;
}

/** Outcome of {@link OtxSession.findInPulseMany}. */
export interface OtxPulseMultiResult {
  /** Canonical value → the first usable record (newest first) whose indicator matches it. */
  matches: Map<string, OtxPulseIndicator>;
  /** False when `maxPages` stopped the walk while values were unmatched and OTX had more pages. */
  complete: boolean;
  /** Pages OTX answered with 200 for this call (0 when everything came from the cache). */
  pagesWalked: number;
  /** Values whose only matching records were unusable. */
  failures: OtxRecordFailure[];
}

/** An observable as the caller gives it (a CTIM observable). */
export interface OtxObservable {
  type: string;
  value: string;
}

/** One pulse's record of an indicator. */
export interface OtxMembership {
  pulse: OtxPulse;
  match: OtxPulseIndicator;
}

/** What OTX knows of one indicator of a request: the caller's observables that OTX sees as one. */
export interface OtxIndicatorLookup {
  /** The type it is looked up as: the observables' own, or `hostname` for a sub-domain. */
  type: OtxQueryableType;
  /** The form sent to and compared against OTX (lower-case hash, canonical IPv6, …). */
  canonical: string;
  /** The caller's distinct observables it stands for, in request order. */
  observables: OtxObservable[];
  /**
   * The `general` answer, without the pulses `maxTlp` left out; null for "no data", or when the
   * lookup failed or was cut short.
   */
  general: OtxGeneral | null;
  /** Its pulse records, newest `created` first (equal times: the order OTX listed the pulses). */
  memberships: OtxMembership[];
  /** False when the deadline cut its lookup short (it is then in `unfinished` too). */
  complete: boolean;
}

/**
 * Something that went wrong in a lookup; what was found besides is kept. `error` is an
 * {@link OtxException}, or anything else thrown by a bug.
 */
export type OtxLookupProblem =
  /** The indicator's `general` lookup failed: nothing is known of it. */
  | { kind: 'general'; indicator: OtxIndicatorLookup; error: unknown }
  /** A pulse's walk failed: its records of these indicators are missing. */
  | { kind: 'walk'; pulse: OtxPulse; indicators: OtxIndicatorLookup[]; error: unknown }
  /** `maxPages` stopped the pulse's walk before the indicator was found or ruled out. */
  | { kind: 'page-cap'; pulse: OtxPulse; indicator: OtxIndicatorLookup }
  /** The indicator's only records in the pulse were unusable. */
  | { kind: 'record'; pulse: OtxPulse; indicator: OtxIndicatorLookup; detail: string };

/** Outcome of {@link OtxSession.lookupMany}. */
export interface OtxLookupResult {
  /** One per distinct indicator asked about, in the order of its first observable. */
  indicators: OtxIndicatorLookup[];
  /** Failures, in the order they happened; never a deadline (see `unfinished`). */
  problems: OtxLookupProblem[];
  /** Indicators whose lookup the deadline cut short, in request order. */
  unfinished: OtxIndicatorLookup[];
  /**
   * Pulses `maxTlp` left out, each counted once however many indicators listed it (pulses OTX
   * counted without listing them are counted too); 0 with the default `red`.
   */
  withheldPulses: number;
}

/** A TLP marking, from least to most restrictive. */
export type OtxTlp = 'white' | 'green' | 'amber' | 'red';

/** Options of {@link OtxSession.lookupMany}. */
export interface OtxLookupOptions {
  /** False: only the `general` lookups, no pulse walk (for verdicts). Default true. */
  walk?: boolean;
  /**
   * The most restrictive TLP a pulse may have to be used (`OTX_MAX_TLP`, contract §16): the
   * pulses above it (a pulse without a readable TLP counts as `red`) are removed from each
   * `general` answer before any pulse is chosen to walk, so none is walked. Default `red`:
   * nothing is removed.
   */
  maxTlp?: OtxTlp;
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
   * `GET /api/v1/user/me`. Resolves only on 200 (400/404 are `HTTP_STATUS`, contract §11 item 15).
   * @throws OtxException
   */
  checkUser(): Promise<void>;
  /**
   * `GET /api/v1/indicators/<section>/<value>/general`; null when OTX answers 400/404 ("no data").
   * @throws OtxException
   */
  getGeneral(type: OtxQueryableType, value: string): Promise<OtxGeneral | null>;
  /**
   * Finds every wanted value in one pulse: cached memberships first, then one walk of
   * `/api/v1/pulses/<id>/indicators` (newest first, inactive included) that stops when all are
   * matched, at the last page or at `maxPages`. 400/404 on a page → no (further) match.
   * @throws OtxException
   */
  findInPulseMany(pulseId: string, wanted: OtxWantedIndicator[]): Promise<OtxPulseMultiResult>;
  /**
   * The whole lookup of a request's observables (contract §6.4): each distinct indicator's
   * `general` once, the pulses that hold it (by their `related_indicator_type`), each pulse walked
   * once for all the indicators it holds, under the session's deadline; the calls of indicators
   * already under way go before those of indicators not yet started. Never rejects: failures are
   * in `problems`, cut-short indicators in `unfinished`. Types OTX is not asked about are skipped.
   */
  lookupMany(observables: OtxObservable[], options?: OtxLookupOptions): Promise<OtxLookupResult>;
}
