import {
  DRAFT_07,
  SCHEMA_ID_BASE,
  baseEntityProperties,
  dispositionAgreement,
  dispositionName,
  dispositionNumber,
  highMedLow,
  observable,
  severity,
  shortString,
  sourcableProperties,
  uri,
  validTime,
} from './common.schema';

/**
 * JSON Schema (draft-07) of a CTIM Judgement (relay contract §9.3, threatgrid/ctim
 * `judgement.cljc`): base entity and sourcable fields, no title or description; the
 * disposition number and name must agree. `valid_time` start ≤ end is checked in code.
 */
export const JUDGEMENT_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}judgement.json`,
  title: 'CTIM Judgement',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'type',
    'schema_version',
    'source',
    'observable',
    'disposition',
    'disposition_name',
    'priority',
    'confidence',
    'severity',
    'valid_time',
  ],
  properties: {
    ...baseEntityProperties,
    ...sourcableProperties,
    type: { const: 'judgement' },
    observable,
    disposition: dispositionNumber,
    disposition_name: dispositionName,
    priority: { type: 'integer', minimum: 0, maximum: 100 },
    confidence: highMedLow,
    severity,
    valid_time: validTime,
    reason: shortString,
    reason_uri: uri,
  },
  allOf: dispositionAgreement,
} as const;
