import { v5 as uuidv5 } from 'uuid';
import { boundedMemo } from './bounded-memo';

/** `schema_version` of every emitted entity (the original's value, contract §7). */
export const SCHEMA_VERSION = '1.0.17';

/** `source` of every emitted Sighting, Indicator and Judgement. */
export const OTX_SOURCE = 'AlienVault OTX';

// RFC 4122 X.500 namespace; the original derives Indicator ids from it.
const X500_NAMESPACE = '6ba7b814-9dad-11d1-80b4-00c04fd430c8';

/**
 * Builds a transient CTIM id: `transient:<entityType>-<uuid>`.
 * @param uuid a lower-case UUID string, supplied by the caller
 */
export function transientId(
  entityType: 'sighting' | 'indicator' | 'relationship' | 'judgement',
  uuid: string,
): string {
  return `transient:${entityType}-${uuid}`;
}

/**
 * The stable Indicator id of an OTX pulse: UUID v5 of the pulse id in the
 * X.500 namespace, so the same pulse gets the same id across responses
 * (relay contract §7.5). Never throws.
 * @example indicatorIdForPulse('q1w2e3r4t5y6')
 * // 'transient:indicator-8aaf75fe-7be6-57c4-89b7-39bd717e84f6'
 */
export function indicatorIdForPulse(pulseId: string): string {
  return indicatorIdMemo(pulseId);
}

// A SHA-1 per Indicator was a tenth of a warm 100-observable lookup; pulses recur.
const indicatorIdMemo = boundedMemo((pulseId) => {
  // uuid hashes a string name through encodeURIComponent, which throws on a
  // lone surrogate; TextEncoder gives the same UTF-8 bytes for any other
  // string and U+FFFD for a lone surrogate, so this never throws.
  const name = new TextEncoder().encode(pulseId);
  return transientId('indicator', uuidv5(name, X500_NAMESPACE));
}, 10_000);
