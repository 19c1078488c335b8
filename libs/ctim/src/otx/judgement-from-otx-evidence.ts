import { CTIM_LIMITS } from '../ctim-limits';
import type { HighMedLow, Judgement, Observable, Severity, Verdict } from '../ctim.types';
import { OTX_SOURCE, SCHEMA_VERSION, transientId } from '../ids';
import { toCtimObservable } from '../observable-types';
import { verdictFromJudgement } from '../verdict';
import type { OtxGeneralInput } from './otx-input.types';
import { indicatorPageUri } from './otx-urls';
import { otxVerdictEvidence, type OtxVerdictEvidence, type OtxVerdictOptions } from './otx-verdict';
import { otxVerdictReason } from './otx-verdict-reason';

/** `priority` of every OTX Judgement: CTIM asks automated sources to use at most 90. */
export const OTX_JUDGEMENT_PRIORITY = 90;

/** `VERDICT_TTL_DAYS` default: how long a Judgement and its Verdict stay valid. */
export const OTX_JUDGEMENT_TTL_DAYS = 7;

const DAY_MS = 86_400_000;
// 9999-12-31T23:59:59.999Z: later instants need an expanded year, which CTIM does not read.
const LAST_CTIM_MS = 253_402_300_799_999;

/**
 * The `confidence` of an OTX Judgement, from its evidence:
 *
 * | Disposition | Evidence                                                        | Confidence |
 * | ----------- | --------------------------------------------------------------- | ---------- |
 * | Clean       | OTX allow-list (`whitelist`)                                    | High       |
 * | Clean       | accepted false positive only                                    | Medium     |
 * | Malicious   | more distinct authors than `minAuthors` (3+ by default)         | High       |
 * | Malicious   | exactly `minAuthors` distinct authors                           | Medium     |
 * | Suspicious  | pulses meet the Malicious bar, capped by popularity markers     | Medium     |
 * | Suspicious  | too few authors, or no recent pulse                             | Low        |
 *
 * The allow-list is curated by OTX and covers the value outright; a false positive is one
 * assessment of one indicator. Authors beyond the minimum are independent corroboration.
 */
export function otxJudgementConfidence(evidence: OtxVerdictEvidence): 'High' | 'Medium' | 'Low' {
  switch (evidence.disposition) {
    case 1:
      return evidence.allowList.length > 0 ? 'High' : 'Medium';
    case 2:
      return evidence.authors.length > evidence.minAuthors ? 'High' : 'Medium';
    case 3:
      return evidence.pulsesMeetMaliciousBar ? 'Medium' : 'Low';
  }
}

/**
 * The `severity` of an OTX Judgement, from its disposition: Malicious `High`, Suspicious
 * `Medium`, Clean `None` (nothing to act on). OTX gives no severity of its own.
 */
export function otxJudgementSeverity(disposition: OtxVerdictEvidence['disposition']): Severity {
  const severities: Record<OtxVerdictEvidence['disposition'], Severity> = {
    1: 'None',
    2: 'High',
    3: 'Medium',
  };
  return severities[disposition];
}

/** Settings shared by the Judgement builders. */
export interface OtxJudgementOptions {
  /** "Now" in epoch milliseconds: the start of `valid_time`. */
  now: number;
  /** Called once per Judgement built, for its id (pass `randomUUID` in production). */
  newUuid: () => string;
  /** e.g. `https://otx.alienvault.com` (trailing `/` ignored). */
  otxUiBaseUrl: string;
  /** `VERDICT_TTL_DAYS`, default 7; anything but an integer ≥ 1 gives the default. */
  ttlDays?: number;
}

/**
 * Builds the CTIM Judgement of an observable from the OTX verdict rule's evidence (issue 12
 * item 3): `priority` 90, `confidence` per {@link otxJudgementConfidence}, `severity` per
 * {@link otxJudgementSeverity}, `source` `AlienVault OTX`, `source_uri` and `reason_uri` the
 * observable's OTX page (the refer link; left out for a type OTX has no page for, or beyond
 * CTIM's URI limit), `valid_time` from `now` to `now` + `ttlDays`, `reason` per
 * {@link otxVerdictReason}, `tlp` the evidence's most restrictive pulse TLP (left out when no
 * pulse is listed), id `transient:judgement-<uuid>`.
 *
 * Returns `null`, drawing no uuid, when `observable` is not a CTIM observable or `now` is not
 * an instant CTIM can write. Never throws; a Judgement passes `validateCtimEntity`.
 */
export function judgementFromOtxEvidence(
  args: OtxJudgementOptions & { observable: Observable; evidence: OtxVerdictEvidence },
): Judgement | null {
  const { evidence } = args;
  const observable = toCtimObservable(args.observable);
  const ttlDays =
    Number.isInteger(args.ttlDays) && (args.ttlDays as number) >= 1
      ? (args.ttlDays as number)
      : OTX_JUDGEMENT_TTL_DAYS;
  const end = args.now + ttlDays * DAY_MS;
  if (!observable || !Number.isFinite(args.now) || args.now < 0 || end > LAST_CTIM_MS) return null;
  const page = indicatorPageUri(args.otxUiBaseUrl, observable.type, observable.value);
  const uri = page !== null && page.length <= CTIM_LIMITS.uri ? page : undefined;
  const confidence: HighMedLow = otxJudgementConfidence(evidence);
  return {
    type: 'judgement',
    id: transientId('judgement', args.newUuid()),
    schema_version: SCHEMA_VERSION,
    source: OTX_SOURCE,
    ...(uri ? { source_uri: uri } : {}),
    observable,
    disposition: evidence.disposition,
    disposition_name: evidence.disposition_name,
    priority: OTX_JUDGEMENT_PRIORITY,
    confidence,
    severity: otxJudgementSeverity(evidence.disposition),
    valid_time: {
      start_time: new Date(args.now).toISOString(),
      end_time: new Date(end).toISOString(),
    },
    reason: otxVerdictReason(evidence),
    ...(uri ? { reason_uri: uri } : {}),
    ...(evidence.tlp ? { tlp: evidence.tlp } : {}),
  };
}

/**
 * The Judgement and Verdict OTX's `general` answer gives an observable: the verdict rule
 * ({@link otxVerdictEvidence}), then {@link judgementFromOtxEvidence} and
 * {@link verdictFromJudgement}. `null` when the rule asserts nothing (no pulse and nothing
 * Clean) or the Judgement cannot be built. Never throws.
 * @example otxJudgementAndVerdict({ observable, general, now: requestStartMs, newUuid: randomUUID,
 *   otxUiBaseUrl: 'https://otx.alienvault.com' })
 */
export function otxJudgementAndVerdict(
  args: OtxJudgementOptions &
    Omit<OtxVerdictOptions, 'now'> & {
      observable: Observable;
      general: OtxGeneralInput | null | undefined;
    },
): { judgement: Judgement; verdict: Verdict } | null {
  const evidence = otxVerdictEvidence(args.general, args);
  if (!evidence) return null;
  const judgement = judgementFromOtxEvidence({ ...args, evidence });
  return judgement ? { judgement, verdict: verdictFromJudgement(judgement) } : null;
}
