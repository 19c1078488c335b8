import { CTIM_LIMITS, truncateCtimString } from '../ctim-limits';
import { OTX_SOURCE } from '../ids';
import { isRecord } from '../is-record';
import { normaliseTlp, type CtimTlp } from '../tlp';
import type { OtxPulseInput } from './otx-input.types';
import { pulseUri } from './otx-urls';

// OTX data is external JSON: read every field defensively, whatever the type says.
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The pulse id and its OTX UI page, or `null` when the pulse is not an object,
 * its id is not a non-empty string, or the page URL would exceed CTIM's URI
 * limit: without a usable id there is nothing to identify or link to.
 */
export function pulseIdentity(
  pulse: unknown,
  otxUiBaseUrl: string,
): { id: string; uri: string } | null {
  if (!isRecord(pulse) || typeof pulse.id !== 'string' || pulse.id === '') return null;
  const uri = pulseUri(otxUiBaseUrl, pulse.id);
  return uri.length <= CTIM_LIMITS.uri ? { id: pulse.id, uri } : null;
}

/** Pulse `name` cut to a CTIM ShortString, or `""` when missing. */
export function pulseTitle(pulse: OtxPulseInput): string {
  return truncateCtimString(str(pulse.name), CTIM_LIMITS.shortString);
}

/**
 * Pulse `description` cut to `max` (a Sighting `description` is a LongString,
 * an Indicator `short_description` a MedString), or `""` when null or missing.
 */
export function pulseDescription(pulse: OtxPulseInput, max: number): string {
  return truncateCtimString(str(pulse.description), max);
}

/** The string `tags` of the pulse, each cut to a ShortString; `[]` when not an array. */
export function pulseTags(pulse: OtxPulseInput): string[] {
  const tags: unknown[] = Array.isArray(pulse.tags) ? pulse.tags : [];
  return tags
    .filter((t): t is string => typeof t === 'string')
    .map((t) => truncateCtimString(t, CTIM_LIMITS.shortString));
}

/**
 * The pulse TLP normalised to CTIM, or `null` when it has none or one CTIM does not know.
 * `general` summaries spell the key `TLP`, feed pulses `tlp` (docs/otx-api.md §4.1, §4.2).
 */
export function pulseTlpValue(pulse: unknown): CtimTlp | null {
  if (!isRecord(pulse)) return null;
  return normaliseTlp(pulse.TLP ?? pulse.tlp);
}

/**
 * `{tlp}` with the pulse TLP normalised to CTIM, or `{}` when the pulse has
 * none or one CTIM does not know, so it can be spread into an entity and the
 * key is omitted (an unknown marking is not guessed).
 */
export function pulseTlp(pulse: OtxPulseInput): { tlp?: CtimTlp } {
  const tlp = pulseTlpValue(pulse);
  return tlp ? { tlp } : {};
}

/**
 * The pulse author's username: `author.username` in `general` summaries, `author_name` in
 * feed pulses (docs/otx-api.md §4.1, §4.2); `null` when neither is a non-empty string.
 */
export function pulseAuthor(pulse: unknown): string | null {
  if (!isRecord(pulse)) return null;
  const author = pulse.author;
  const username = isRecord(author) ? author.username : undefined;
  for (const name of [username, pulse.author_name]) {
    if (typeof name === 'string' && name !== '') return name;
  }
  return null;
}

/** The author's username cut to a ShortString, or `AlienVault OTX` when there is none. */
export function pulseProducer(pulse: OtxPulseInput): string {
  const username = pulseAuthor(pulse);
  // CTIM requires a producer on an Indicator; the original would emit null
  // for a pulse without author, so fall back to the source name.
  return username !== null ? truncateCtimString(username, CTIM_LIMITS.shortString) : OTX_SOURCE;
}
