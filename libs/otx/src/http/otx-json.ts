import { OtxEndpoint, OtxException } from '../otx.exception';

/** The JSON object in an answer's text; `BAD_RESPONSE` for anything else (HTML, arrays). */
export function parseJsonObject(endpoint: OtxEndpoint, data: unknown): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined)
    throw new OtxException('BAD_RESPONSE', endpoint, 'response is not JSON');
  if (!isRecord(parsed)) {
    throw new OtxException('BAD_RESPONSE', endpoint, 'response is not a JSON object');
  }
  return parsed;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
