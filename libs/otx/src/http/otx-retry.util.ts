import { OtxException } from '../otx.exception';

/** First backoff ceiling; doubles per retry up to {@link RETRY_CAP_MS} (full jitter below it). */
export const RETRY_BASE_MS = 250;
/** Largest backoff ceiling. */
export const RETRY_CAP_MS = 5000;
/** A `Retry-After` longer than this is not waited for, even without a deadline. */
export const MAX_RETRY_AFTER_MS = 60_000;

const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
// Transient: the next attempt may well get through (a reused keep-alive socket, a restart).
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
]);
const transientFailures = new WeakSet<OtxException>();

/** Marks `failure` as caused by a reset or refused connection (known only where it is converted). */
export function markTransient(failure: OtxException, networkCode: string | undefined): void {
  if (networkCode !== undefined && TRANSIENT_NETWORK_CODES.has(networkCode)) {
    transientFailures.add(failure);
  }
}

/** 429, 502, 503, 504, a timeout, a reset or refused connection; never 400/403/404 or others. */
export function isRetryable(failure: OtxException): boolean {
  if (failure.code === 'HTTP_STATUS') return RETRY_STATUSES.has(failure.status ?? 0);
  if (failure.code === 'TIMEOUT') return true;
  return failure.code === 'UNAVAILABLE' && transientFailures.has(failure);
}

/** The name of a retry's cause for metrics: the status, or the error code. */
export function retryReason(failure: OtxException): string {
  return failure.status === undefined ? failure.code : String(failure.status);
}

/** Full-jitter exponential backoff before retry number `retry` (0-based): [0, min(cap, base·2ⁿ)). */
export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before retry number `retry`, or null when `failure` is not retried:
 * OTX's `Retry-After` when it sent one (null if over {@link MAX_RETRY_AFTER_MS}), else backoff.
 */
export function retryDelayMs(
  failure: OtxException,
  retry: number,
  random: () => number,
): number | null {
  if (!isRetryable(failure)) return null;
  if (failure.retryAfterS === undefined) return backoffMs(retry, random);
  const ms = failure.retryAfterS * 1000;
  return ms > MAX_RETRY_AFTER_MS ? null : ms;
}

/**
 * Seconds from `nowMs` given by a `Retry-After` header: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3); a past date is 0; undefined when absent or unreadable.
 */
export function parseRetryAfterS(header: unknown, nowMs: number): number | undefined {
  const text: unknown = Array.isArray(header) ? header[0] : header;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Only IMF-fixdate-like dates: Date.parse would also accept numbers and odd strings.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
