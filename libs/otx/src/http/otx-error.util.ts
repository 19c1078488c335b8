import { STATUS_CODES } from 'node:http';
import { NETWORK_ERROR_REASONS, TLS_VERIFY_ERROR_CODES } from '../otx.constants';
import { OtxEndpoint, OtxException } from '../otx.exception';

/**
 * The exception for an OTX status (contract §6.3): null for 200, and for 400/404 when
 * they may mean "no data"; 403 is `UNAUTHORIZED`; anything else is `HTTP_STATUS`, with the
 * answer's `Retry-After` (seconds) when it had one.
 */
export function otxExceptionFromStatus(
  endpoint: OtxEndpoint,
  status: number,
  noDataAllowed: boolean,
  retryAfterS?: number,
): OtxException | null {
  if (status === 200) return null;
  if (noDataAllowed && (status === 400 || status === 404)) return null;
  const answer = [status, STATUS_CODES[status]].filter((p) => p !== undefined).join(' ');
  if (status === 403) {
    return new OtxException('UNAUTHORIZED', endpoint, `OTX refused the API key (${answer})`, 403);
  }
  // Redirects are never followed: the key must only ever reach the configured host.
  const suffix = status >= 300 && status < 400 ? ', redirect not followed' : '';
  const detail = `OTX answered ${answer}${suffix}`;
  return new OtxException('HTTP_STATUS', endpoint, detail, status, retryAfterS);
}

/**
 * Converts what axios threw (network, timeout, TLS) into an {@link OtxException}.
 * Only error codes and, for TLS, OpenSSL's verify message reach `detail`: never
 * the request config, which holds the key.
 */
export function otxExceptionFromError(
  error: unknown,
  endpoint: OtxEndpoint,
  timeoutMs: number,
  maxResponseBytes?: number,
): OtxException {
  if (error instanceof OtxException) return error;
  const code = errorCode(error);
  if (code === 'ERR_BAD_RESPONSE' && isContentLengthError(error)) {
    const limit = maxResponseBytes === undefined ? 'the limit' : `${maxResponseBytes} bytes`;
    return new OtxException('BAD_RESPONSE', endpoint, `response larger than ${limit}`);
  }
  if (code === 'ETIMEDOUT') {
    return new OtxException('TIMEOUT', endpoint, `no answer within ${timeoutMs} ms`);
  }
  if (code !== undefined && TLS_VERIFY_ERROR_CODES.has(code)) {
    return new OtxException('TLS', endpoint, tlsReason(error, code));
  }
  const reason = code === undefined ? undefined : NETWORK_ERROR_REASONS[code];
  if (reason !== undefined) return new OtxException('UNAVAILABLE', endpoint, `${reason} (${code})`);
  if (code?.startsWith('ERR_SSL_')) {
    return new OtxException('UNAVAILABLE', endpoint, `TLS handshake failed (${code})`);
  }
  return new OtxException('UNAVAILABLE', endpoint, `request failed (${code ?? 'no error code'})`);
}

/** Axios's error for an answer over `maxContentLength` (it has no code of its own). */
function isContentLengthError(error: unknown): boolean {
  return error instanceof Error && /^maxContentLength size of \d+ exceeded$/.test(error.message);
}

/** The Node/OpenSSL `code` of a thrown error, if it has a non-empty one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** OpenSSL's verify message, e.g. `self-signed certificate`; the code when there is none. */
function tlsReason(error: unknown, code: string): string {
  const message = error instanceof Error ? error.message : '';
  return message !== '' ? message : code;
}
