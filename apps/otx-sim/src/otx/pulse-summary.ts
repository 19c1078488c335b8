import { typeCounts } from '../fixtures/corpus';
import type { SimIndicatorType, SimPulse } from '../fixtures/sim-corpus.types';

/** How the queried indicator appears in a pulse (drives `related_indicator_*`). */
export interface RelatedIndicator {
  type: SimIndicatorType | undefined;
  isActive: boolean;
}

// Community counters and flags: present on every real summary, never read by the relay.
const COMMUNITY_FIELDS = {
  public: 1,
  cloned_from: null,
  export_count: 0,
  upvotes_count: 0,
  downvotes_count: 0,
  votes_count: 0,
  locked: false,
  pulse_source: 'api',
  validator_count: 0,
  comment_count: 0,
  follower_count: 0,
  vote: 0,
  is_author: false,
  is_subscribing: null,
  subscriber_count: 0,
  groups: [],
  in_group: false,
  threat_hunter_scannable: true,
  threat_hunter_has_agents: 1,
};

const attackName = (id: string) => `Technique ${id}`;

// "N days ago " (with OTX's trailing space) relative to a fixed day, so answers never drift.
const REFERENCE_DAY = Date.parse('2024-06-01T00:00:00Z');
const daysAgo = (modified: string) =>
  `${Math.max(0, Math.round((REFERENCE_DAY - Date.parse(`${modified}Z`)) / 86_400_000))} days ago `;

/** A pulse summary as embedded in `general` → `pulse_info.pulses[]` (otx-api §4.1). */
export function toPulseSummary(
  pulse: SimPulse,
  related: RelatedIndicator,
): Record<string, unknown> {
  const counts = typeCounts(pulse);
  return {
    ...COMMUNITY_FIELDS,
    ...describedFields(pulse),
    TLP: pulse.tlp,
    author: {
      username: pulse.author.username,
      id: pulse.author.id,
      avatar_url: `/otxapi/users/avatar_image/media/avatars/user_${pulse.author.id}/resized/80/avatar.png`,
      is_subscribed: false,
      is_following: false,
    },
    indicator_type_counts: counts,
    indicator_count: Object.values(counts).reduce((a, b) => a + b, 0),
    modified_text: daysAgo(pulse.modified),
    is_modified: pulse.modified !== pulse.created,
    related_indicator_type: related.type ?? null,
    related_indicator_is_active: related.isActive ? 1 : 0,
  };
}

function describedFields(pulse: SimPulse): Record<string, unknown> {
  return {
    id: pulse.id,
    name: pulse.name,
    description: pulse.description,
    modified: pulse.modified,
    created: pulse.created,
    tags: [...pulse.tags],
    references: [...pulse.references],
    adversary: pulse.adversary,
    targeted_countries: [...pulse.targetedCountries],
    malware_families: pulse.malwareFamilies.map((m) => ({
      id: m,
      display_name: m,
      target: `/malware/${m}`,
    })),
    attack_ids: pulse.attackIds.map((id) => ({
      id,
      name: attackName(id),
      display_name: `${id} - ${attackName(id)}`,
    })),
    industries: [...pulse.industries],
  };
}
