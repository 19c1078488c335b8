import { Observable } from '@app/ctim';
import { canonicalIndicator, isOtxQueryableType, OtxPulse, OtxQueryableType } from '@app/otx';

/** Observables OTX sees as one indicator: looked up once, each keeps its own Sighting. */
export interface LookupGroup {
  type: OtxQueryableType;
  /** The form sent to and compared against OTX (lower-case hash, canonical IPv6, …). */
  canonical: string;
  /** The caller's distinct observables, in request order. */
  observables: Observable[];
}

/**
 * Groups the queryable observables of a request by canonical indicator, dropping exact
 * duplicates (contract §11 item 12) and the types OTX is not asked about.
 */
export function groupObservables(observables: Observable[]): LookupGroup[] {
  const groups = new Map<string, LookupGroup>();
  const seen = new Set<string>();
  for (const observable of observables) {
    const { type, value } = observable;
    if (!isOtxQueryableType(type)) continue;
    const exact = `${type}\u0000${value}`;
    if (seen.has(exact)) continue;
    seen.add(exact);
    const canonical = canonicalIndicator(type, value);
    const key = `${type}\u0000${canonical}`;
    const group = groups.get(key) ?? { type, canonical, observables: [] };
    group.observables.push({ type, value });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** One pulse to walk, with every group whose general lookup listed it. */
export interface PulseWalk {
  pulse: OtxPulse;
  groups: LookupGroup[];
}

/** Gathers, per pulse id, the groups to look for in it: each pulse is walked once. */
export function planPulseWalks(candidates: Map<LookupGroup, OtxPulse[]>): PulseWalk[] {
  const walks = new Map<string, PulseWalk>();
  for (const [group, pulses] of candidates) {
    for (const pulse of pulses) {
      const walk = walks.get(pulse.id) ?? { pulse, groups: [] };
      if (!walk.groups.includes(group)) walk.groups.push(group);
      walks.set(pulse.id, walk);
    }
  }
  return [...walks.values()];
}

/** The pulses of a general lookup that list the indicator's own type (contract §6.4 3). */
export function pulsesOfType(pulses: unknown, baseType: string): OtxPulse[] {
  if (!Array.isArray(pulses)) return [];
  return (pulses as OtxPulse[]).filter(
    (p) =>
      typeof p?.id === 'string' &&
      p.indicator_type_counts != null &&
      Object.prototype.hasOwnProperty.call(p.indicator_type_counts, baseType),
  );
}
