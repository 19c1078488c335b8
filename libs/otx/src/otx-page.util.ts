import { OtxEndpoint, OtxException } from './otx.exception';
import { OtxPage, OtxPulseIndicator } from './otx.types';

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

/**
 * The first record whose `indicator` equals `value` (exact, case-sensitive:
 * contract §6.4), reduced to the fields the relay reads; null when none.
 */
export function findPulseIndicator(results: unknown[], value: string): OtxPulseIndicator | null {
  const hit = results.find(
    (r): r is Record<string, unknown> => isRecord(r) && r.indicator === value,
  );
  if (hit === undefined) return null;
  if (typeof hit.created !== 'string') {
    // The match's time becomes the Sighting's observed time: without it there is nothing to emit.
    throw new OtxException('BAD_RESPONSE', ENDPOINT, 'matching record has no created time');
  }
  const match: OtxPulseIndicator = { indicator: value, created: hit.created };
  match.expiration = typeof hit.expiration === 'string' ? hit.expiration : null;
  if (typeof hit.pulse_key === 'string') match.pulse_key = hit.pulse_key;
  return match;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
