import { OTX_SOURCE } from '../ids';
import type { OtxPulseInput } from './otx-input.types';

// OTX data is external JSON: read every field defensively, whatever the type says.
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Pulse `name`, or `""` when missing. */
export function pulseTitle(pulse: OtxPulseInput): string {
  return str(pulse.name);
}

/** Pulse `description`, or `""` when null or missing. */
export function pulseDescription(pulse: OtxPulseInput): string {
  return str(pulse.description);
}

/** A copy of the pulse `tags` when an array, else `[]`. */
export function pulseTags(pulse: OtxPulseInput): string[] {
  return Array.isArray(pulse.tags) ? [...pulse.tags] : [];
}

/**
 * `{tlp}` with the pulse TLP unchanged, or `{}` when the pulse has none, so it
 * can be spread into an entity and the key is omitted.
 */
export function pulseTlp(pulse: OtxPulseInput): { tlp?: string } {
  return typeof pulse.TLP === 'string' ? { tlp: pulse.TLP } : {};
}

/** The author's username, or `AlienVault OTX` when there is none. */
export function pulseProducer(pulse: OtxPulseInput): string {
  const username = pulse.author?.username;
  // CTIM requires a producer on an Indicator; the original would emit null
  // for a pulse without author, so fall back to the source name.
  return typeof username === 'string' && username !== '' ? username : OTX_SOURCE;
}
