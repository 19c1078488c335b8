import { OtxEndpoint, OtxException } from '../otx.exception';
import { OtxPage, OtxPulseIndicator } from '../otx.types';

const ENDPOINT: OtxEndpoint = 'pulse-indicators';

/** Reads a pulse-indicator page; `BAD_RESPONSE` when it has no `results` list. */
export function readPulseIndicatorPage(body: Record<string, unknown>): OtxPage<unknown> {
  if (!Array.isArray(body.results)) {
    throw new OtxException('BAD_RESPONSE', ENDPOINT, 'page has no results list');
  }
  // Anything but a non-empty string (missing, null, odd type) ends the walk.
  const next = typeof body.next === 'string' && body.next !== '' ? body.next : null;
  const count = typeof body.count === 'number' ? body.count : undefined;
  return { results: body.results, next, count };
}

/** How a record's `indicator` is put into the form its wanted values are in. */
export type OtxRecordMatcher = (indicator: string) => string | undefined;

/**
 * Adds to `matches` the first record (in page order) for each value that `match` recognises
 * and that has no match yet; odd records are skipped.
 */
export function collectPulseMatches(
  results: unknown[],
  match: OtxRecordMatcher,
  matches: Map<string, OtxPulseIndicator>,
): void {
  for (const record of results) {
    if (!isRecord(record) || typeof record.indicator !== 'string') continue;
    const value = match(record.indicator);
    if (value === undefined || matches.has(value)) continue;
    matches.set(value, toPulseIndicator(record, record.indicator));
  }
}

/** The fields the relay reads of a matching record. */
function toPulseIndicator(record: Record<string, unknown>, indicator: string): OtxPulseIndicator {
  if (typeof record.created !== 'string') {
    // The match's time becomes the Sighting's observed time: without it there is nothing to emit.
    throw new OtxException('BAD_RESPONSE', ENDPOINT, 'matching record has no created time');
  }
  const match: OtxPulseIndicator = { indicator, created: record.created };
  match.expiration = typeof record.expiration === 'string' ? record.expiration : null;
  if (typeof record.pulse_key === 'string') match.pulse_key = record.pulse_key;
  return match;
}

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
