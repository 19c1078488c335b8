import { CTIM_LIMITS, truncateCtimString } from '../ctim-limits';
import type {
  OtxAcceptedFalsePositive,
  OtxValidationEntry,
  OtxVerdictEvidence,
} from './otx-verdict';

// Bounds on what the reason quotes, so every kind of input still fits the ShortString.
const MAX_QUOTED = 3;
const MAX_QUOTE_LENGTH = 100;
const MAX_AUTHORS = 5;
const MAX_AUTHOR_LENGTH = 64;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const day = (ctimTime: string) => ctimTime.slice(0, 10);
const quote = (text: string, max: number) => truncateCtimString(text.trim(), max);

/** The first few items, then `and N more`. */
function someOf(items: string[], max: number): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function markerList(entries: OtxValidationEntry[]): string {
  const described = entries.map((e) => {
    const text = quote(e.message || e.name, MAX_QUOTE_LENGTH);
    return text ? `${e.source}: ${text}` : e.source;
  });
  return someOf(described, MAX_QUOTED);
}

function falsePositiveList(entries: OtxAcceptedFalsePositive[]): string {
  const described = entries.map((fp) =>
    fp.origin === 'validation'
      ? `false_positive: ${quote(fp.message, MAX_QUOTE_LENGTH)}`
      : `assessment accepted${fp.assessedAt ? ` ${day(fp.assessedAt)}` : ''}`,
  );
  return someOf(described, MAX_QUOTED);
}

/** `N pulses by A authors, latest modified D`, saying when the list was shorter than the count. */
function pulsesPhrase(e: OtxVerdictEvidence): string {
  if (e.pulseCount === 0) return 'no OTX pulses';
  const partial =
    e.listedPulses < e.pulseCount ? ` (authors and recency from the ${e.listedPulses} listed)` : '';
  const latest = e.latestModified
    ? `, latest modified ${day(e.latestModified)}`
    : ', no readable modified time';
  return `${plural(e.pulseCount, 'pulse')}${partial} by ${plural(e.authors.length, 'author')}${latest}`;
}

/** Why pulses that are not Clean fell short of Malicious. */
function shortfalls(e: OtxVerdictEvidence): string[] {
  const why: string[] = [];
  if (e.popularity.length > 0)
    why.push(`popularity caps at Suspicious (${markerList(e.popularity)})`);
  if (e.authors.length < e.minAuthors) why.push(`fewer than ${e.minAuthors} distinct authors`);
  if (e.recentPulses === 0) why.push(`none modified within ${e.recentDays} days`);
  return why;
}

function leadOf(e: OtxVerdictEvidence): string {
  switch (e.disposition) {
    case 1: {
      const clean = [
        e.allowList.length > 0 ? `Allow-listed by OTX (${markerList(e.allowList)})` : '',
        e.falsePositives.length > 0
          ? `Accepted false positive in OTX (${falsePositiveList(e.falsePositives)})`
          : '',
        e.popularity.length > 0 ? `popularity: ${markerList(e.popularity)}` : '',
      ].filter(Boolean);
      const pulses = e.pulseCount > 0 ? `outweighs OTX: ${pulsesPhrase(e)}` : pulsesPhrase(e);
      return [...clean, pulses].join('; ');
    }
    case 2:
      return (
        `OTX: ${pulsesPhrase(e)}; ${plural(e.recentPulses, 'pulse')} modified within ` +
        `${e.recentDays} days, at least ${e.minAuthors} distinct authors; not allow-listed`
      );
    case 3:
      return `OTX: ${pulsesPhrase(e)}; Suspicious, not Malicious: ${shortfalls(e).join(', ')}; not allow-listed`;
  }
}

/**
 * The `reason` of a Judgement built from {@link OtxVerdictEvidence}: one line naming every
 * input of the rule — the pulse count (and how many were listed, when fewer), distinct
 * authors, the latest `modified` day, the allow-list, popularity and false-positive markers,
 * the thresholds that decided it — then the authors' names. At most 3 markers, 5 authors and
 * 100 characters of each marker are quoted (`and N more` says what was left out), and the
 * whole is cut to a CTIM ShortString (1024).
 * @example otxVerdictReason(evidence)
 * // 'OTX: 3 pulses by 2 authors, latest modified 2021-01-10; Suspicious, not Malicious:
 * //  none modified within 365 days; not allow-listed. Authors: honeynet_bot, example_researcher'
 */
export function otxVerdictReason(evidence: OtxVerdictEvidence): string {
  const names = evidence.authors.map((a) => quote(a, MAX_AUTHOR_LENGTH));
  const authors = names.length > 0 ? `. Authors: ${someOf(names, MAX_AUTHORS)}` : '';
  return truncateCtimString(`${leadOf(evidence)}${authors}`, CTIM_LIMITS.shortString);
}
