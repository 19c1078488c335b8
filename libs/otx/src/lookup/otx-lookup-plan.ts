import { isOtxQueryableType } from '../otx.constants';
import type { OtxIndicatorLookup, OtxObservable, OtxPulse } from '../otx.types';
import { canonicalIndicator } from './otx-canonical.util';
import { lookupTypeOf } from './otx-lookup-type';

/**
 * One entry per indicator OTX would see, in the order of each one's first observable: the
 * caller's observables grouped by the type they are looked up as ({@link lookupTypeOf}: a
 * sub-domain is a `hostname`) and canonical value, exact duplicates dropped (contract §11 item
 * 12), types OTX is not asked about left out (§6.1). Nothing is known of them yet.
 */
export function groupObservables(observables: OtxObservable[]): OtxIndicatorLookup[] {
  const groups = new Map<string, OtxIndicatorLookup>();
  const seen = new Set<string>();
  for (const { type, value } of observables) {
    if (!isOtxQueryableType(type)) continue;
    const exact = `${type}\u0000${value}`;
    if (seen.has(exact)) continue;
    seen.add(exact);
    const canonical = canonicalIndicator(type, value);
    // A sub-domain sent as a `domain` is the same OTX indicator as that `hostname`.
    const lookupType = lookupTypeOf(type, canonical);
    const key = `${lookupType}\u0000${canonical}`;
    const group = groups.get(key) ?? {
      type: lookupType,
      canonical,
      observables: [],
      general: null,
      memberships: [],
      complete: false,
    };
    group.observables.push({ type, value });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** One pulse to walk, with every indicator whose general lookup listed it. */
export interface PulseWalk {
  pulse: OtxPulse;
  indicators: OtxIndicatorLookup[];
}

/** Gathers, per pulse id, the indicators to look for in it: each pulse is walked once. */
export function planPulseWalks(candidates: Map<OtxIndicatorLookup, OtxPulse[]>): PulseWalk[] {
  const walks = new Map<string, PulseWalk>();
  for (const [indicator, pulses] of candidates) {
    for (const pulse of pulses) {
      const walk = walks.get(pulse.id) ?? { pulse, indicators: [] };
      if (!walk.indicators.includes(indicator)) walk.indicators.push(indicator);
      walks.set(pulse.id, walk);
    }
  }
  return [...walks.values()];
}
