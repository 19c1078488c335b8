import type { Relationship } from './ctim.types';
import { SCHEMA_VERSION } from './ids';

/**
 * A `member-of` Relationship from `sourceRef` to `targetRef` (relay contract
 * §7.3). The original uses `member-of` for Sighting → Indicator although CTIM
 * suggests `sighting-of`; Threat Response's functional tests expect it.
 * @param args.id the full Relationship id, e.g. `transient:relationship-<uuid>`
 */
export function memberOfRelationship(args: {
  id: string;
  sourceRef: string;
  targetRef: string;
}): Relationship {
  return {
    type: 'relationship',
    id: args.id,
    schema_version: SCHEMA_VERSION,
    relationship_type: 'member-of',
    source_ref: args.sourceRef,
    target_ref: args.targetRef,
  };
}
