import { STATUS_CODES } from 'node:http';

/**
 * Why an OTX call failed; the relay maps each to a contract error (§3.3, §6.3).
 * `DEADLINE`: refused or cut off by the session's deadline. `BUDGET`: this key's request budget
 * had no token before the deadline. `RATE_LIMITED`: the key's circuit breaker is open after
 * repeated 429s; no request was sent (see `retryAfterS`).
 */
export type OtxErrorCode =
  | 'UNAUTHORIZED'
  | 'HTTP_STATUS'
  | 'TIMEOUT'
  | 'UNAVAILABLE'
  | 'TLS'
  | 'BAD_RESPONSE'
  | 'DEADLINE'
  | 'BUDGET'
  | 'RATE_LIMITED';

/** Which OTX endpoint a call went to. */
export type OtxEndpoint = 'user' | 'general' | 'pulse-indicators';

/**
 * A failed OTX call. Never carries the API key: `detail` is a short reason
 * built by this library (or OpenSSL's verify message for `TLS`).
 */
export class OtxException extends Error {
  /** Node's reason phrase for `status`; undefined for unregistered codes such as 520. */
  readonly statusText?: string;

  /**
   * @param retryAfterS seconds after which trying again makes sense: until the breaker closes
   *   (`RATE_LIMITED`), or OTX's `Retry-After` on an `HTTP_STATUS` answer that carried one.
   */
  constructor(
    readonly code: OtxErrorCode,
    readonly endpoint: OtxEndpoint,
    readonly detail: string,
    readonly status?: number,
    readonly retryAfterS?: number,
  ) {
    super(`OTX ${endpoint} request failed (${code}): ${detail}`);
    this.name = 'OtxException';
    if (status !== undefined) this.statusText = STATUS_CODES[status];
  }
}
