import { CTIM_LIMITS, truncateCtimString } from '../ctim-limits';
import type { DataTableColumn, ExternalReference, SightingDataTable } from '../ctim.types';
import { OTX_SOURCE } from '../ids';
import { isRecord } from '../is-record';
import { isCtimUri } from '../uri';
import type { OtxPulseInput } from './otx-input.types';
import { otxTimeToCtim } from './otx-time';
import { pulseAuthor, pulseTlpValue } from './pulse-fields';

// What a pulse says beyond its name and description (issue 12 item 5), in CTIM's own fields
// where it has one and as prefixed Indicator tags where it has none. OTX data is external
// JSON: every field is read defensively and cut to CTIM's limits.

/** `source_name` of the external references to MITRE ATT&CK techniques. */
export const ATTACK_SOURCE_NAME = 'mitre-attack';

const ATTACK_TECHNIQUE = /^(T\d{4})(?:\.(\d{3}))?$/i;
const ATTACK_AT_START = /^(T\d{4}(?:\.\d{3})?)\b/i;
const HTTP_URL = /^https?:\/\//i;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

/**
 * The external reference to the MITRE ATT&CK page of one `attack_ids` entry: an object
 * `{id, name, display_name}` (`general` summaries) or a plain id (feed pulses). `T1071` links
 * `https://attack.mitre.org/techniques/T1071/`, the sub-technique `T1055.012`
 * `https://attack.mitre.org/techniques/T1055/012/`; the technique's `name` becomes the
 * description. `null` when no technique id can be read (tactic ids such as `TA0001`, free
 * text). Never throws.
 */
export function attackTechniqueReference(entry: unknown): ExternalReference | null {
  const record = isRecord(entry) ? entry : { id: entry };
  const candidate =
    ATTACK_TECHNIQUE.exec(text(record.id)) ??
    ATTACK_TECHNIQUE.exec(ATTACK_AT_START.exec(text(record.display_name))?.[1] ?? '');
  if (!candidate) return null;
  const technique = candidate[1].toUpperCase();
  const sub = candidate[2];
  const name = text(record.name);
  return {
    source_name: ATTACK_SOURCE_NAME,
    external_id: sub ? `${technique}.${sub}` : technique,
    url: `https://attack.mitre.org/techniques/${technique}/${sub ? `${sub}/` : ''}`,
    ...(name ? { description: truncateCtimString(name, CTIM_LIMITS.longString) } : {}),
  };
}

/**
 * The pulse's `references` as CTIM external references: OTX lists free text as well as URLs,
 * so an http(s) reference that is a valid CTIM URI goes in `url` and anything else, cut to
 * Markdown's 5000, in `description`. Empty entries, non-strings and repeats are left out.
 */
function referenceEntries(pulse: OtxPulseInput): ExternalReference[] {
  const seen = new Set<string>();
  const entries: ExternalReference[] = [];
  for (const item of listOf(pulse.references)) {
    const reference = text(item);
    if (reference === '' || seen.has(reference)) continue;
    seen.add(reference);
    entries.push(
      HTTP_URL.test(reference) && isCtimUri(reference)
        ? { source_name: OTX_SOURCE, url: reference }
        : {
            source_name: OTX_SOURCE,
            description: truncateCtimString(reference, CTIM_LIMITS.longString),
          },
    );
  }
  return entries;
}

/**
 * The Indicator's `external_references` for a pulse: its `references` (see above), then one
 * reference per distinct ATT&CK technique of `attack_ids` ({@link attackTechniqueReference}).
 * `[]` when it has none.
 */
export function pulseExternalReferences(pulse: OtxPulseInput): ExternalReference[] {
  const techniques = new Map<string, ExternalReference>();
  for (const entry of listOf(isRecord(pulse) ? pulse.attack_ids : undefined)) {
    const reference = attackTechniqueReference(entry);
    if (reference?.external_id && !techniques.has(reference.external_id)) {
      techniques.set(reference.external_id, reference);
    }
  }
  return [...(isRecord(pulse) ? referenceEntries(pulse) : []), ...techniques.values()];
}

/** A malware family's name: `display_name`, else `id` (objects); the string itself (feed pulses). */
function familyName(entry: unknown): string {
  return isRecord(entry) ? text(entry.display_name) || text(entry.id) : text(entry);
}

/**
 * CTIM has no Indicator or Sighting field for malware families, adversaries, industries or
 * targeted countries (relay contract §9.3), so they become prefixed tags:
 * `malware_family:QakBot`, `adversary:APT28`, `industry:Finance`, `targeted_country:Germany`.
 * Each is cut to a ShortString; repeats, and tags already in `existing`, are left out.
 * @param existing tags the Indicator already has (the pulse's own)
 */
export function pulseContextTags(pulse: OtxPulseInput, existing: readonly string[] = []): string[] {
  if (!isRecord(pulse)) return [];
  const values: [string, unknown[]][] = [
    ['malware_family', listOf(pulse.malware_families).map(familyName)],
    ['adversary', [text(pulse.adversary)]],
    ['industry', listOf(pulse.industries).map(text)],
    ['targeted_country', listOf(pulse.targeted_countries).map(text)],
  ];
  const seen = new Set(existing);
  const tags: string[] = [];
  for (const [prefix, names] of values) {
    for (const name of names) {
      if (typeof name !== 'string' || name === '') continue;
      const tag = truncateCtimString(`${prefix}:${name}`, CTIM_LIMITS.shortString);
      if (seen.has(tag)) continue;
      seen.add(tag);
      tags.push(tag);
    }
  }
  return tags;
}

/**
 * The Sighting `data` table of a pulse (CTIM SightingDataTable): one row with the pulse's
 * `author`, `tlp` (normalised), `created` and `modified` (CTIM times, as strings: CTIM tables
 * have no time column type) and `subscriber_count` (integer). Only the columns the pulse has a
 * readable value for are present, so no cell is null; `null` when it has none.
 */
export function pulseSightingData(pulse: OtxPulseInput): SightingDataTable | null {
  if (!isRecord(pulse)) return null;
  const author = pulseAuthor(pulse);
  const subscribers = pulse.subscriber_count;
  const cells: [DataTableColumn, unknown][] = [
    [
      { name: 'author', type: 'string' },
      author === null ? null : truncateCtimString(author, CTIM_LIMITS.shortString),
    ],
    [{ name: 'tlp', type: 'string' }, pulseTlpValue(pulse)],
    [{ name: 'created', type: 'string' }, otxTimeToCtim(pulse.created)],
    [{ name: 'modified', type: 'string' }, otxTimeToCtim(pulse.modified)],
    [
      { name: 'subscriber_count', type: 'integer' },
      Number.isSafeInteger(subscribers) && (subscribers as number) >= 0 ? subscribers : null,
    ],
  ];
  const present = cells.filter(([, value]) => value !== null);
  if (present.length === 0) return null;
  return {
    columns: present.map(([column]) => column),
    rows: [present.map(([, value]) => value)],
    row_count: 1,
  };
}
