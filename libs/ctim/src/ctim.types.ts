import type { CtimTlp } from './tlp';

/** A CTIM observable: `{type, value}` (relay contract §9.1). */
export interface Observable {
  type: string;
  value: string;
}

/** CTIM ValidTime: both bounds optional, start ≤ end. */
export interface ValidTime {
  start_time?: string;
  end_time?: string;
}

/** CTIM ObservedTime: `start_time` required, `end_time` optional. */
export interface ObservedTime {
  start_time: string;
  end_time?: string;
}

/** A Sighting as the relay emits it (relay contract §7.1; texts within CTIM limits). */
export interface Sighting {
  type: 'sighting';
  id: string;
  schema_version: string;
  confidence: string;
  count: number;
  internal: boolean;
  source: string;
  observed_time: ObservedTime;
  description: string;
  external_ids: string[];
  observables: Observable[];
  source_uri: string;
  title: string;
  /** Absent when the pulse has no TLP, or one CTIM does not know. */
  tlp?: CtimTlp;
}

/** An Indicator as the relay emits it (relay contract §7.2; texts within CTIM limits). */
export interface Indicator {
  type: 'indicator';
  id: string;
  schema_version: string;
  confidence: string;
  source: string;
  producer: string;
  valid_time: ValidTime;
  external_ids: string[];
  short_description: string;
  source_uri: string;
  tags: string[];
  title: string;
  /** Absent when the pulse has no TLP, or one CTIM does not know. */
  tlp?: CtimTlp;
}

/** A Relationship as the relay emits it (relay contract §7.3). */
export interface Relationship {
  type: 'relationship';
  id: string;
  schema_version: string;
  relationship_type: string;
  source_ref: string;
  target_ref: string;
}

/** A CTIM collection; `count` always equals `docs.length`. */
export interface CtimCollection<T> {
  count: number;
  docs: T[];
}

/**
 * The `data` of an observe response (relay contract §7.4). A key is present
 * only when its collection has at least one doc.
 */
export interface CtimBundle {
  sightings?: CtimCollection<Sighting>;
  indicators?: CtimCollection<Indicator>;
  relationships?: CtimCollection<Relationship>;
}

/** One item of a refer response (relay contract §8). */
export interface Reference {
  id: string;
  title: string;
  description: string;
  url: string;
  categories: string[];
}
