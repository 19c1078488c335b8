import type { Disposition, DispositionName } from './disposition';
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

/** CTIM HighMedLow, the closed `confidence` vocabulary (relay contract §9.2). */
export type HighMedLow = 'Info' | 'Low' | 'Medium' | 'High' | 'None' | 'Unknown';

/** CTIM Severity: HighMedLow plus `Critical` (relay contract §9.2). */
export type Severity = HighMedLow | 'Critical';

/**
 * A CTIM ExternalReference (relay contract §9.1): `source_name` required; `url` a URI,
 * `description` Markdown (≤ 5000).
 */
export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: string[];
  external_id?: string;
}

/** CTIM column types of a data table (threatgrid/ctim `data_table.cljc`). */
export type DataTableColumnType =
  'observable' | 'string' | 'markdown' | 'integer' | 'number' | 'url';

/** One column of a Sighting data table: `name` and `type` required. */
export interface DataTableColumn {
  name: string;
  type: DataTableColumnType;
  description?: string;
  /** CTIM's default is `true`: the column's cells may not be null. */
  required?: boolean;
  short_description?: string;
}

/** CTIM SightingDataTable: ordered columns and rows of cells, one cell per column. */
export interface SightingDataTable {
  columns: DataTableColumn[];
  rows: unknown[][];
  row_count?: number;
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
  /** The pulse's author, TLP, times and subscribers (issue 12 item 5), when asked for. */
  data?: SightingDataTable;
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
  /** The pulse's references and ATT&CK techniques, when asked for and when it has any. */
  external_references?: ExternalReference[];
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

/**
 * A CTIM Judgement (relay contract §9.3): a source's disposition of one observable for a
 * time. No title or description; `reason` is a ShortString.
 */
export interface Judgement {
  type: 'judgement';
  id: string;
  schema_version: string;
  source: string;
  source_uri?: string;
  observable: Observable;
  disposition: Disposition;
  disposition_name: DispositionName;
  /** 0–100; automated sources use at most 90. */
  priority: number;
  confidence: HighMedLow;
  severity: Severity;
  valid_time: ValidTime;
  reason?: string;
  reason_uri?: string;
  tlp?: CtimTlp;
}

/**
 * A CTIM Verdict (relay contract §9.3): the disposition Threat Response shows for an
 * observable. It has no `id` and no `schema_version`.
 */
export interface Verdict {
  type: 'verdict';
  disposition: Disposition;
  disposition_name?: DispositionName;
  observable: Observable;
  judgement_id?: string;
  valid_time: ValidTime;
}

/** A CTIM collection; `count` always equals `docs.length`. */
export interface CtimCollection<T> {
  count: number;
  docs: T[];
}

/**
 * The `data` of an observe or deliberate response (relay contract §7.4): one key per entity
 * type, named type + `s`. A key is present only when its collection has at least one doc.
 */
export interface CtimBundle {
  sightings?: CtimCollection<Sighting>;
  indicators?: CtimCollection<Indicator>;
  relationships?: CtimCollection<Relationship>;
  judgements?: CtimCollection<Judgement>;
  verdicts?: CtimCollection<Verdict>;
}

/** One item of a refer response (relay contract §8). */
export interface Reference {
  id: string;
  title: string;
  description: string;
  url: string;
  categories: string[];
}
