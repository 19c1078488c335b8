import {
  DRAFT_07,
  SCHEMA_ID_BASE,
  entityProperties,
  highMedLow,
  observable,
  observedTime,
  severity,
} from './common.schema';

/**
 * JSON Schema (draft-07) of a CTIM Sighting (relay contract §9.3). A closed
 * subset of CTIM's: CTIM fields the relay never emits (`data`, `targets`,
 * `relations`, `sensor_coordinates`, `context`, intervals) are left out, so an
 * unexpected field is an error. `observed_time` start ≤ end is checked in code.
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
  },
} as const;
