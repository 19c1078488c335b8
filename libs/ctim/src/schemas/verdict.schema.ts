import {
  DRAFT_07,
  SCHEMA_ID_BASE,
  ctimId,
  dispositionAgreement,
  dispositionName,
  dispositionNumber,
  observable,
  validTime,
} from './common.schema';

/**
 * JSON Schema (draft-07) of a CTIM Verdict (relay contract §9.3, threatgrid/ctim
 * `verdict.cljc`): only these five fields, no `id` and no `schema_version`; the disposition
 * name, when present, must agree with the number. `valid_time` start ≤ end is checked in code.
 */
export const VERDICT_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}verdict.json`,
  title: 'CTIM Verdict',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'disposition', 'observable', 'valid_time'],
  properties: {
    type: { const: 'verdict' },
    disposition: dispositionNumber,
    observable,
    judgement_id: ctimId,
    disposition_name: dispositionName,
    valid_time: validTime,
  },
  allOf: dispositionAgreement,
} as const;
