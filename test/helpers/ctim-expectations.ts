import {
  expectationFor,
  findPulse,
  SIM_PULSES,
  SIM_SCENARIOS,
  type SimMatch,
  type SimObservableName,
  type SimObservable,
  type SimPulse,
} from '../../apps/otx-sim/src/fixtures';
import { attackName } from '../../apps/otx-sim/src/otx/pulse-summary';
import { INDICATOR_UUID_OF_PULSE } from './indicator-ids';

// What a relay following docs/contract.md §7 and §15 answers for the simulator's corpus,
// computed from the fixtures (never from the relay's own mappers), for the e2e suites.

type Obs = { type: string; value: string };

/** An OTX naive UTC time as CTIM writes it: `Z`, a fraction cut to milliseconds. */
export function ctimTime(naive: string): string {
  const [seconds, fraction] = naive.split('.');
  return fraction ? `${seconds}.${fraction.slice(0, 3)}Z` : `${seconds}Z`;
}

/** The Sighting `data` table of a pulse: author, TLP, created, modified, subscribers. */
function sightingData(pulse: SimPulse) {
  return {
    columns: [
      { name: 'author', type: 'string' },
      { name: 'tlp', type: 'string' },
      { name: 'created', type: 'string' },
      { name: 'modified', type: 'string' },
      { name: 'subscriber_count', type: 'integer' },
    ],
    rows: [
      [
        pulse.author.username,
        pulse.tlp,
        ctimTime(pulse.created),
        ctimTime(pulse.modified),
        pulse.subscriberCount,
      ],
    ],
    row_count: 1,
  };
}

/** One Sighting per match of `observable` (newest first, at most `limit`). */
export function expectedSightings(simUrl: string, observables: Obs[], limit = 100) {
  return observables.flatMap((o) =>
    expectationFor(o as SimObservable)
      .matches.slice(0, limit)
      .map((m) => {
        const pulse = findPulse(m.pulseId)!;
        return {
          type: 'sighting',
          id: expect.stringMatching(/^transient:sighting-[0-9a-f-]{36}$/),
          schema_version: '1.0.17',
          confidence: 'High',
          count: 1,
          internal: false,
          source: 'AlienVault OTX',
          observed_time: { start_time: `${m.created}Z`, end_time: `${m.created}Z` },
          description: pulse.description,
          external_ids: [pulse.id],
          observables: [{ type: o.type, value: o.value }],
          source_uri: `${simUrl}/pulse/${pulse.id}`,
          title: pulse.name,
          tlp: pulse.tlp,
          data: sightingData(pulse),
        };
      }),
  );
}

/** A pulse's references, then its ATT&CK techniques, as CTIM external references. */
function externalReferences(pulse: SimPulse) {
  const references = pulse.references.map((r) =>
    /^https?:\/\//.test(r)
      ? { source_name: 'AlienVault OTX', url: r }
      : { source_name: 'AlienVault OTX', description: r },
  );
  const techniques = pulse.attackIds.map((id) => {
    const [technique, sub] = id.split('.');
    return {
      source_name: 'mitre-attack',
      external_id: id,
      url: `https://attack.mitre.org/techniques/${technique}/${sub ? `${sub}/` : ''}`,
      description: attackName(id),
    };
  });
  return [...references, ...techniques];
}

/** The pulse's own tags, then its context as prefixed tags. */
function tags(pulse: SimPulse): string[] {
  const context = [
    ...pulse.malwareFamilies.map((m) => `malware_family:${m}`),
    ...(pulse.adversary ? [`adversary:${pulse.adversary}`] : []),
    ...pulse.industries.map((i) => `industry:${i}`),
    ...pulse.targetedCountries.map((c) => `targeted_country:${c}`),
  ];
  return [...new Set([...pulse.tags, ...context])];
}

/** The Indicator id of a corpus pulse, from the literal table (never the production function). */
function indicatorIdOf(pulse: SimPulse): string {
  const name = Object.entries(SIM_PULSES).find(([, p]) => p.id === pulse.id)?.[0];
  const uuid = name === undefined ? undefined : INDICATOR_UUID_OF_PULSE[name];
  if (uuid === undefined) throw new Error(`no literal Indicator id for pulse ${pulse.id}`);
  return `transient:indicator-${uuid}`;
}

/** The Indicator of the pulse of `match` (its own valid time, before merging). */
export function expectedIndicator(simUrl: string, match: SimMatch) {
  const pulse = findPulse(match.pulseId)!;
  const references = externalReferences(pulse);
  return {
    type: 'indicator',
    id: indicatorIdOf(pulse),
    schema_version: '1.0.17',
    confidence: 'High',
    source: 'AlienVault OTX',
    producer: pulse.author.username,
    valid_time: match.expiration
      ? { start_time: `${match.created}Z`, end_time: `${match.expiration}Z` }
      : { start_time: `${match.created}Z` },
    external_ids: [pulse.id],
    short_description: pulse.description,
    source_uri: `${simUrl}/pulse/${pulse.id}`,
    tags: tags(pulse),
    title: pulse.name,
    tlp: pulse.tlp,
    ...(references.length > 0 ? { external_references: references } : {}),
  };
}

/** The corpus scenarios whose lookups all answer in time (no general or page hangs). */
export function judgeableScenarios(): SimObservableName[] {
  return (Object.keys(SIM_SCENARIOS) as SimObservableName[]).filter((n) => {
    const { general, failingPulses } = SIM_SCENARIOS[n].expect;
    return general !== 'hang' && failingPulses.every((f) => f.status !== 'hang');
  });
}
