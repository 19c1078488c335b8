import { DRAFT_07, SCHEMA_ID_BASE } from './common.schema';
import { INDICATOR_SCHEMA } from './indicator.schema';
import { JUDGEMENT_SCHEMA } from './judgement.schema';
import { RELATIONSHIP_SCHEMA } from './relationship.schema';
import { SIGHTING_SCHEMA } from './sighting.schema';
import { VERDICT_SCHEMA } from './verdict.schema';

/** `{count, docs}` with at least one doc: an empty collection is omitted (contract §7.4). */
function collectionOf<Ref extends string>(ref: Ref) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['count', 'docs'],
    properties: {
      count: { type: 'integer', minimum: 0 },
      docs: { type: 'array', minItems: 1, items: { $ref: ref } },
    },
  } as const;
}

/**
 * JSON Schema (draft-07) of the `data` of an observe or deliberate response (relay contract
 * §7.4): optional `sightings`, `indicators`, `relationships`, `judgements` and `verdicts`
 * collections (type + `s`) and nothing else. That `count` equals the number of docs,
 * start ≤ end and that transient references resolve are checked in code.
 */
export const BUNDLE_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}bundle.json`,
  title: 'CTIM bundle (observe and deliberate data)',
  type: 'object',
  additionalProperties: false,
  properties: {
    sightings: collectionOf(SIGHTING_SCHEMA.$id),
    indicators: collectionOf(INDICATOR_SCHEMA.$id),
    relationships: collectionOf(RELATIONSHIP_SCHEMA.$id),
    judgements: collectionOf(JUDGEMENT_SCHEMA.$id),
    verdicts: collectionOf(VERDICT_SCHEMA.$id),
  },
} as const;
