import { STATUS_CODES } from 'node:http';

/** Why an OTX call failed; the relay maps each to a contract error (§3.3, §6.3). */
export type OtxErrorCode =
  'UNAUTHORIZED' | 'HTTP_STATUS' | 'TIMEOUT' | 'UNAVAILABLE' | 'TLS' | 'BAD_RESPONSE';

/** Which OTX endpoint a call went to. */
export type OtxEndpoint = 'user' | 'general' | 'pulse-indicators';

/**
 * A failed OTX call. Never carries the API key: `detail` is a short reason
 * built by this library (or OpenSSL's verify message for `TLS`).
 */
export class OtxException extends Error {
  /** Node's reason phrase for `status`; undefined for unregistered codes such as 520. */
  readonly statusText?: string;

  constructor(
    readonly code: OtxErrorCode,
    readonly endpoint: OtxEndpoint,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`OTX ${endpoint} request failed (${code}): ${detail}`);
    this.name = 'OtxException';
    if (status !== undefined) this.statusText = STATUS_CODES[status];
  }
}
