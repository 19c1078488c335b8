import { typeCounts } from '../fixtures/corpus';
import { daysBeforeCorpusDay } from '../fixtures/sim-clock';
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
  groups: [],
  in_group: false,
  threat_hunter_scannable: true,
  threat_hunter_has_agents: 1,
};

// MITRE ATT&CK names of the techniques the corpus uses (docs/otx-api.md §4.1 gives id, name, display_name).
const ATTACK_NAMES: Readonly<Record<string, string>> = {
  T1046: 'Network Service Discovery',
  'T1055.012': 'Process Hollowing',
  T1071: 'Application Layer Protocol',
  'T1071.001': 'Web Protocols',
  T1105: 'Ingress Tool Transfer',
  T1110: 'Brute Force',
  T1189: 'Drive-by Compromise',
  T1566: 'Phishing',
  'T1566.002': 'Spearphishing Link',
};
/** The name `general` gives an ATT&CK technique id of the corpus. */
export const attackName = (id: string) => ATTACK_NAMES[id] ?? `Technique ${id}`;

// "N days ago " (with OTX's trailing space), counted to the day the corpus was built.
const daysAgo = (modified: string) => `${daysBeforeCorpusDay(modified)} days ago `;

/** A pulse summary as embedded in `general` → `pulse_info.pulses[]` (docs/otx-api.md §4.1). */
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
    subscriber_count: pulse.subscriberCount,
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
