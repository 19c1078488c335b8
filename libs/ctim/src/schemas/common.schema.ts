import { CTIM_LIMITS } from '../ctim-limits';
import { CTIM_DISPOSITIONS } from '../disposition';
import { CTIM_OBSERVABLE_TYPES } from '../observable-types';
import { CTIM_TLPS } from '../tlp';

// Building blocks of the CTIM schemas (threatgrid/ctim 1.3.28 `common.cljc`,
// relay contract §9.1), as JSON Schema draft-07 fragments. Lengths are UTF-16
// code units because the validator counts them that way, as CTIM does.

/** `$id` prefix of the schemas; `.invalid` because the name is never fetched. */
export const SCHEMA_ID_BASE = 'https://otx-relay.invalid/ctim/';

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

export const shortString = { type: 'string', maxLength: CTIM_LIMITS.shortString } as const;
export const medString = { type: 'string', maxLength: CTIM_LIMITS.medString } as const;
export const longString = { type: 'string', maxLength: CTIM_LIMITS.longString } as const;

/** A non-empty URI of at most 2048 characters. */
export const uri = {
  type: 'string',
  minLength: 1,
  maxLength: CTIM_LIMITS.uri,
  format: 'uri',
} as const;

// `ctim.domain.id`: `transient:` + anything, or the long form
// http[s]://host[:port][/path]/ctia/<type>/<type>-<uuid>.
const LONG_ID =
  'https?://[-0-9a-zA-Z][-0-9a-zA-Z.]*(?::\\d+)?(?:/[-\\w.]+)*/ctia/[a-z]+/[a-z][-a-z]+' +
  '-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** An entity id or a reference to one (CTIM `ID` and `Reference` share the rule). */
export const ctimId = {
  type: 'string',
  maxLength: CTIM_LIMITS.uri,
  pattern: `^(?:transient:[\\s\\S]*|${LONG_ID})$`,
} as const;

/** CTIM's `\w+.\w+\.\w+` with the dot escaped and anchored; `-SNAPSHOT` as CTIM allows. */
export const schemaVersion = {
  type: 'string',
  pattern: '^\\w+\\.\\w+\\.\\w+(?:-SNAPSHOT)?$',
} as const;

/** An ISO 8601 instant in UTC with `Z`, optionally with fractional seconds. */
export const ctimTime = {
  type: 'string',
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z$',
} as const;

export const tlp = { enum: CTIM_TLPS } as const;

/** HighMedLow, the closed `confidence` vocabulary. */
export const highMedLow = { enum: ['Info', 'Low', 'Medium', 'High', 'None', 'Unknown'] } as const;

export const severity = {
  enum: ['Info', 'Low', 'Medium', 'High', 'None', 'Unknown', 'Critical'],
} as const;

export const observable = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'value'],
  properties: { type: { enum: CTIM_OBSERVABLE_TYPES }, value: { type: 'string' } },
} as const;

/** Both bounds optional; start ≤ end is checked in code, JSON Schema cannot compare. */
export const validTime = {
  type: 'object',
  additionalProperties: false,
  properties: { start_time: ctimTime, end_time: ctimTime },
} as const;

/** `start_time` required; start ≤ end is checked in code. */
export const observedTime = { ...validTime, required: ['start_time'] } as const;

/** CTIM ExternalReference: `source_name` required, `description` Markdown (≤ 5000). */
export const externalReference = {
  type: 'object',
  additionalProperties: false,
  required: ['source_name'],
  properties: {
    source_name: medString,
    description: longString,
    url: uri,
    hashes: { type: 'array', items: { type: 'string' } },
    external_id: { type: 'string' },
  },
} as const;

const DISPOSITION_PAIRS = Object.entries(CTIM_DISPOSITIONS).map(
  ([number, name]) => [Number(number), name] as const,
);

export const dispositionNumber = { enum: DISPOSITION_PAIRS.map(([number]) => number) } as const;

export const dispositionName = { enum: DISPOSITION_PAIRS.map(([, name]) => name) } as const;

/**
 * `allOf` rules that make `disposition_name`, when present, the name of `disposition`
 * (CTIM `fix-disposition` refuses a mismatched pair).
 */
export const dispositionAgreement = DISPOSITION_PAIRS.map(([number, name]) => ({
  if: { properties: { disposition: { const: number } }, required: ['disposition'] },
  then: { properties: { disposition_name: { const: name } } },
}));

/**
 * The base entity fields every stored CTIM entity may have (relay contract §9.1); `type` is
 * added by each entity.
 */
export const baseEntityProperties = {
  id: ctimId,
  schema_version: schemaVersion,
  revision: { type: 'integer', minimum: 0 },
  external_ids: { type: 'array', items: { type: 'string' } },
  external_references: { type: 'array', items: externalReference },
  timestamp: ctimTime,
  language: shortString,
  tlp,
} as const;

/** Sourcable entries: `source` and `source_uri`. */
export const sourcableProperties = { source: medString, source_uri: uri } as const;

/**
 * The fields of a base entity that is also describable (`title`, `description`,
 * `short_description`) and sourcable: Sighting, Indicator, Relationship.
 */
export const entityProperties = {
  ...baseEntityProperties,
  title: shortString,
  description: longString,
  short_description: medString,
  ...sourcableProperties,
} as const;
