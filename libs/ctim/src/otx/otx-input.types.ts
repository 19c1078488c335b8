import type { Observable } from '../ctim.types';

/** An ATT&CK technique as a `general` pulse summary gives it (docs/otx-api.md §4.1). */
export interface OtxAttackIdInput {
  /** e.g. `T1071` or `T1055.012`. */
  id?: string | null;
  name?: string | null;
  /** e.g. `T1071 - Application Layer Protocol`. */
  display_name?: string | null;
}

/** A malware family as a `general` pulse summary gives it (docs/otx-api.md §4.1). */
export interface OtxMalwareFamilyInput {
  id?: string | null;
  display_name?: string | null;
  /** A web path such as `/malware/QakBot`, or null. */
  target?: string | null;
}

/**
 * The pulse fields the mappers and the verdict rule read. Structural and lenient, so richer
 * OTX response types are assignable to it; every field is read defensively, since OTX data is
 * external JSON. Both pulse shapes of docs/otx-api.md §4 are accepted: the `general` summary (`TLP`,
 * `author.username`, objects in `attack_ids` and `malware_families`) and the feed pulse
 * (`tlp`, `author_name`, plain strings).
 */
export interface OtxPulseInput {
  id: string;
  name?: string | null;
  description?: string | null;
  TLP?: string | null;
  /** The feed-pulse spelling of `TLP`, read when `TLP` is absent. */
  tlp?: string | null;
  tags?: string[] | null;
  author?: { username?: string | null } | null;
  /** The feed-pulse author, read when `author.username` is absent. */
  author_name?: string | null;
  /** Naive UTC, e.g. `2024-01-19T08:41:12.517000`. */
  created?: string | null;
  modified?: string | null;
  /** URLs or free text. */
  references?: readonly string[] | null;
  attack_ids?: readonly (OtxAttackIdInput | string)[] | null;
  malware_families?: readonly (OtxMalwareFamilyInput | string)[] | null;
  /** `""` when none. */
  adversary?: string | null;
  industries?: readonly string[] | null;
  targeted_countries?: readonly string[] | null;
  subscriber_count?: number | null;
}

/** The fields of a pulse indicator record (the match) the mappers read. */
export interface OtxIndicatorInput {
  indicator: string;
  /** Naive UTC timestamp, e.g. `2019-02-11T10:55:29`. */
  created: string;
  expiration?: string | null;
}

/** One match: the observable asked for, the pulse, and its matching record. */
export interface OtxMatchItem {
  observable: Observable;
  pulse: OtxPulseInput;
  match: OtxIndicatorInput;
}

/** One entry of `general` → `validation[]` (docs/otx-api.md §4.4). */
export interface OtxValidationInput {
  /** `whitelist`, `false_positive`, `majestic`, `alexa`, `akamai`, … */
  source?: string | null;
  message?: string | null;
  name?: string | null;
}

/** One community assessment in `general` → `false_positive[]` (docs/otx-api.md §3.2.1). */
export interface OtxFalsePositiveInput {
  /** `accepted`, `pending`, … */
  assessment?: string | null;
  assessment_date?: string | null;
  report_date?: string | null;
}

/**
 * The fields of an indicator's `general` answer (docs/otx-api.md §3.2.1) the verdict rule reads:
 * the pulse summaries and their total, OTX's own validation markers and the community's
 * false-positive assessments.
 */
export interface OtxGeneralInput {
  pulse_info?: {
    /** The total number of pulses; `pulses` may list fewer (OTX caps it, about 50). */
    count?: number | null;
    pulses?: readonly OtxPulseInput[] | null;
  } | null;
  validation?: readonly OtxValidationInput[] | null;
  false_positive?: readonly OtxFalsePositiveInput[] | null;
}
