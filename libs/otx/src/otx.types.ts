import type { OtxQueryableType } from './otx.constants';

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
  /** The first record whose `indicator` equals the value exactly, or null. */
  match: OtxPulseIndicator | null;
  /** Pages OTX answered with 200. */
  pagesWalked: number;
  /** False when `maxPages` stopped the walk while OTX still had a `next` page. */
  complete: boolean;
}

/**
 * OTX access for one relay request, from {@link OtxClient.session}. Every call
 * goes through one limiter, so callers may fan out with `Promise.all` freely.
 * Methods reject with {@link OtxException}.
 */
export interface OtxSession {
  /** OTX requests sent so far by this session. */
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
   * Walks `/api/v1/pulses/<id>/indicators` pages (newest first) until the first record whose
   * `indicator` equals `value` exactly, the last page, or `maxPages`. 400/404 → no match.
   * @throws OtxException
   */
  findInPulse(pulseId: string, value: string): Promise<OtxPulseSearchResult>;
}
