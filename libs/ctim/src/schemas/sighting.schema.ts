import {
  DRAFT_07,
  SCHEMA_ID_BASE,
  entityProperties,
  highMedLow,
  longString,
  observable,
  observedTime,
  severity,
} from './common.schema';

/** Column types of CTIM data tables (threatgrid/ctim `data_table.cljc`). */
export const DATA_TABLE_COLUMN_TYPES = [
  'observable',
  'string',
  'markdown',
  'integer',
  'number',
  'url',
] as const;

const columnDefinition = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type'],
  properties: {
    name: { type: 'string' },
    type: { enum: DATA_TABLE_COLUMN_TYPES },
    description: longString,
    required: { type: 'boolean' },
    short_description: { type: 'string' },
  },
} as const;

/**
 * CTIM SightingDataTable: `columns` and `rows` required, `row_count` optional. That every
 * row has one cell per column and `row_count` equals the rows is checked in code.
 */
const sightingDataTable = {
  type: 'object',
  additionalProperties: false,
  required: ['columns', 'rows'],
  properties: {
    columns: { type: 'array', items: columnDefinition },
    rows: { type: 'array', items: { type: 'array' } },
    row_count: { type: 'integer', minimum: 0 },
  },
} as const;

/**
 * JSON Schema (draft-07) of a CTIM Sighting (relay contract §9.3). A closed
 * subset of CTIM's: CTIM fields the relay never emits (`targets`, `relations`,
 * `sensor_coordinates`, `context`, intervals) are left out, so an unexpected
 * field is an error. `observed_time` start ≤ end is checked in code.
 */
export const SIGHTING_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}sighting.json`,
  title: 'CTIM Sighting',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'schema_version', 'observed_time', 'confidence', 'count'],
  properties: {
    ...entityProperties,
    type: { const: 'sighting' },
    observed_time: observedTime,
    confidence: highMedLow,
    count: { type: 'integer', minimum: 0 },
    internal: { type: 'boolean' },
    severity,
    // Open vocabularies in CTIM, so any string.
    resolution: { type: 'string' },
    sensor: { type: 'string' },
    observables: { type: 'array', items: observable },
    data: sightingDataTable,
  },
} as const;
