import { DRAFT_07, SCHEMA_ID_BASE, ctimId, entityProperties } from './common.schema';

/**
 * JSON Schema (draft-07) of a CTIM Relationship (relay contract §9.3).
 * `relationship_type` is an open vocabulary in CTIM, so any string.
 */
export const RELATIONSHIP_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}relationship.json`,
  title: 'CTIM Relationship',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'schema_version', 'relationship_type', 'source_ref', 'target_ref'],
  properties: {
    ...entityProperties,
    type: { const: 'relationship' },
    relationship_type: { type: 'string' },
    source_ref: ctimId,
    target_ref: ctimId,
  },
} as const;
