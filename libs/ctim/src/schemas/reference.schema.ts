import { DRAFT_07, SCHEMA_ID_BASE } from './common.schema';

/**
 * JSON Schema (draft-07) of one refer item (relay contract §8). Not a CTIM
 * entity, but Threat Response reads it the same way, so it is closed too.
 */
export const REFERENCE_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}reference.json`,
  title: 'Refer reference',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'description', 'url', 'categories'],
  properties: {
    id: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    url: { type: 'string', minLength: 1, format: 'uri' },
    categories: { type: 'array', items: { type: 'string' } },
  },
} as const;
