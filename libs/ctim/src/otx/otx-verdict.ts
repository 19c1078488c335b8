import { isRecord } from '../is-record';
import { mostRestrictiveTlp, type CtimTlp } from '../tlp';
import type { OtxGeneralInput } from './otx-input.types';
import { otxTimeToCtim, otxTimeToEpochMs } from './otx-time';
import { policyTlpOfPulse } from './otx-tlp-policy';
import { pulseAuthor } from './pulse-fields';

/** Defaults of the verdict rule (issue 12 item 3). */
export const OTX_VERDICT_DEFAULTS = {
  /** `VERDICT_MIN_AUTHORS`: distinct pulse authors needed for Malicious. */
  minAuthors: 2,
  /** `VERDICT_RECENT_DAYS`: a pulse modified this recently makes the evidence current. */
  recentDays: 365,
} as const;

/** Settings of the verdict rule. */
export interface OtxVerdictOptions {
  /** "Now" in epoch milliseconds: the rule reads no clock of its own. */
  now: number;
  /** Default 2; anything but an integer ≥ 1 gives the default. */
  minAuthors?: number;
  /** Default 365; anything but an integer ≥ 0 gives the default. */
  recentDays?: number;
}

/** One OTX `validation[]` marker the rule used (docs/otx-api.md §4.4), fields as OTX gave them. */
export interface OtxValidationEntry {
  source: string;
  name: string;
  message: string;
}

/** One accepted false positive: OTX's own marker, or an accepted community assessment. */
export interface OtxAcceptedFalsePositive {
  /** `validation`: a `validation[]` entry of source `false_positive`; `assessment`: `false_positive[]`. */
  origin: 'validation' | 'assessment';
  /** The marker's message, or `accepted` for an assessment. */
  message: string;
  /** CTIM time of the assessment, when OTX gave a readable one. */
  assessedAt: string | null;
}

/**
 * The outcome of the verdict rule and every input it used, so that a Judgement's `reason`
 * can name each of them.
 */
export interface OtxVerdictEvidence {
  disposition: 1 | 2 | 3;
  disposition_name: 'Clean' | 'Malicious' | 'Suspicious';
  /** OTX's total, `pulse_info.count`, or the number listed when that is larger or missing. */
  pulseCount: number;
  /** Pulses listed in the answer: authors, recency and TLP come from these alone. */
  listedPulses: number;
  /** Distinct authors of the listed pulses, in the order they first appear. */
  authors: string[];
  /** CTIM time of the most recently modified listed pulse (`created` when it has no `modified`). */
  latestModified: string | null;
  /** Listed pulses modified within `recentDays` of `now` (or later). */
  recentPulses: number;
  /** `whitelist` markers: OTX's allow-list. */
  allowList: OtxValidationEntry[];
  /** `majestic`, `alexa` and `akamai` markers: popularity, which caps the verdict at Suspicious. */
  popularity: OtxValidationEntry[];
  falsePositives: OtxAcceptedFalsePositive[];
  /**
   * The most restrictive TLP of the listed pulses, a pulse without a readable TLP counting
   * as `red`; `null` when no pulse is listed.
   */
  tlp: CtimTlp | null;
  /** Whether the pulses alone meet the Malicious bar (authors and recency), whatever caps it. */
  pulsesMeetMaliciousBar: boolean;
  minAuthors: number;
  recentDays: number;
}

const DAY_MS = 86_400_000;
const POPULARITY_SOURCES: ReadonlySet<string> = new Set(['majestic', 'alexa', 'akamai']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const setting = (value: number | undefined, min: number, fallback: number): number =>
  Number.isInteger(value) && (value as number) >= min ? (value as number) : fallback;

interface Markers {
  allowList: OtxValidationEntry[];
  popularity: OtxValidationEntry[];
  falsePositives: OtxAcceptedFalsePositive[];
}

/** Sorts `validation[]` and `false_positive[]` into the kinds the rule reads; others are ignored. */
function markersOf(general: Record<string, unknown>): Markers {
  const markers: Markers = { allowList: [], popularity: [], falsePositives: [] };
  for (const item of listOf(general.validation)) {
    if (!isRecord(item)) continue;
    const entry = { source: str(item.source), name: str(item.name), message: str(item.message) };
    const source = entry.source.trim().toLowerCase();
    if (source === 'whitelist') markers.allowList.push(entry);
    else if (POPULARITY_SOURCES.has(source)) markers.popularity.push(entry);
    else if (source === 'false_positive') {
      const message = entry.message || entry.name || 'Known False Positive';
      markers.falsePositives.push({ origin: 'validation', message, assessedAt: null });
    }
  }
  for (const item of listOf(general.false_positive)) {
    if (!isRecord(item) || str(item.assessment).trim().toLowerCase() !== 'accepted') continue;
    const assessedAt = otxTimeToCtim(item.assessment_date);
    markers.falsePositives.push({ origin: 'assessment', message: 'accepted', assessedAt });
  }
  return markers;
}

interface PulseFacts {
  pulseCount: number;
  listedPulses: number;
  authors: string[];
  latestModified: string | null;
  recentPulses: number;
  tlp: CtimTlp | null;
}

/** Counts, authors, recency and TLP of the pulses of a `general` answer. */
function pulseFactsOf(
  general: Record<string, unknown>,
  now: number,
  recentDays: number,
): PulseFacts {
  const info = isRecord(general.pulse_info) ? general.pulse_info : {};
  const listed = listOf(info.pulses).filter(isRecord);
  const authors = new Set<string>();
  let latest: { epochMs: number; value: unknown } | null = null;
  let recentPulses = 0;
  for (const pulse of listed) {
    const author = pulseAuthor(pulse);
    if (author !== null) authors.add(author);
    const value = pulse.modified ?? pulse.created;
    const epochMs = otxTimeToEpochMs(value);
    if (epochMs === null) continue;
    if (epochMs >= now - recentDays * DAY_MS) recentPulses++;
    if (latest === null || epochMs > latest.epochMs) latest = { epochMs, value };
  }
  const count = info.count;
  const total = typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : 0;
  return {
    pulseCount: Math.max(total, listed.length),
    listedPulses: listed.length,
    authors: [...authors],
    latestModified: latest === null ? null : otxTimeToCtim(latest.value),
    recentPulses,
    tlp: mostRestrictiveTlp(listed.map(policyTlpOfPulse)),
  };
}

/**
 * The OTX verdict rule (issue 12 item 3), one pure function of an indicator's `general`
 * answer: the disposition and every input it used.
 *
 * - **Clean (1)**: a `validation` entry of source `whitelist` (OTX's allow-list), or an
 *   accepted false positive: a `false_positive` assessment `accepted`, or a `validation` entry
 *   of source `false_positive` (docs/otx-api.md §4.4). Clean wins over any number of pulses.
 * - **Malicious (2)**: pulses by at least `minAuthors` (2) distinct authors, at least one of
 *   them modified within `recentDays` (365) of `now`, and no allow-listing or popularity marker.
 * - **Suspicious (3)**: any other case with at least one pulse. Popularity markers (`majestic`,
 *   `alexa`, `akamai`) never yield Malicious: they cap the verdict at Suspicious.
 * - **`null`** (no Judgement, no Verdict): no pulse and nothing Clean. That includes an answer
 *   whose only markers are popularity ones: being popular is evidence neither of being clean
 *   nor of being bad, so Unknown is not asserted either.
 *
 * Pulses are counted from `pulse_info.count` when the embedded list is shorter (OTX caps it at
 * about 50), but authors, recency and TLP can only come from the listed pulses. Every pulse the
 * answer lists counts, whatever its indicator types (the type filter of the pulse walk does not
 * apply). A pulse's recency is its `modified` time, or `created` without one; an unreadable time
 * is never recent. Other `validation` sources and other assessments are ignored. Never throws:
 * anything but an object gives `null`.
 * @example otxVerdictEvidence(general, { now: Date.parse('2024-02-01T00:00:00Z') })
 */
export function otxVerdictEvidence(
  general: OtxGeneralInput | null | undefined,
  options: OtxVerdictOptions,
): OtxVerdictEvidence | null {
  if (!isRecord(general) || !Number.isFinite(options.now)) return null;
  const minAuthors = setting(options.minAuthors, 1, OTX_VERDICT_DEFAULTS.minAuthors);
  const recentDays = setting(options.recentDays, 0, OTX_VERDICT_DEFAULTS.recentDays);
  const markers = markersOf(general);
  const facts = pulseFactsOf(general, options.now, recentDays);
  const pulsesMeetMaliciousBar = facts.authors.length >= minAuthors && facts.recentPulses > 0;
  const clean = markers.allowList.length > 0 || markers.falsePositives.length > 0;
  if (!clean && facts.pulseCount === 0) return null;
  const [disposition, disposition_name] = clean
    ? ([1, 'Clean'] as const)
    : pulsesMeetMaliciousBar && markers.popularity.length === 0
      ? ([2, 'Malicious'] as const)
      : ([3, 'Suspicious'] as const);
  return {
    disposition,
    disposition_name,
    ...facts,
    ...markers,
    pulsesMeetMaliciousBar,
    minAuthors,
    recentDays,
  };
}
