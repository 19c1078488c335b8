import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const MAX_LENGTH = 128;

/**
 * The caller's `X-Request-Id` kept to safe characters and a bounded length, so that it can be
 * echoed in a header and written in a log line without injecting anything; otherwise a UUID.
 */
export function requestIdFor(request: Pick<IncomingMessage, 'headers'>): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  const safe = (given ?? '').replace(/[^A-Za-z0-9._:-]/g, '').slice(0, MAX_LENGTH);
  return safe === '' ? randomUUID() : safe;
}
