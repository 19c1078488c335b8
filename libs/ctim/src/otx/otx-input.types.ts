import type { Observable } from '../ctim.types';

/**
 * The pulse fields the mappers read. Structural and lenient, so richer OTX
 * response types are assignable to it.
 */
export interface OtxPulseInput {
  id: string;
  name?: string | null;
  description?: string | null;
  TLP?: string | null;
  tags?: string[] | null;
  author?: { username?: string | null } | null;
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
