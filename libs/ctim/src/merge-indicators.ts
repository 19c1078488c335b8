import type { CtimBundle, Indicator } from './ctim.types';

const time = (t: string | undefined): number => (t ? Date.parse(t) : NaN);

/**
 * One Indicator per pulse per response (contract §11 item 12): the same pulse id gives the same
 * Indicator id, so the copies are merged — earliest start, latest end, no end if any has none.
 * Relationships keep pointing at that id.
 */
export function mergeIndicators(bundle: CtimBundle): CtimBundle {
  if (!bundle.indicators) return bundle;
  const byId = new Map<string, Indicator>();
  for (const indicator of bundle.indicators.docs) {
    const kept = byId.get(indicator.id);
    byId.set(indicator.id, kept ? mergeValidTime(kept, indicator) : indicator);
  }
  const docs = [...byId.values()];
  return { ...bundle, indicators: { count: docs.length, docs } };
}

function mergeValidTime(a: Indicator, b: Indicator): Indicator {
  const start = [a.valid_time.start_time, b.valid_time.start_time]
    .filter((t): t is string => t !== undefined)
    .sort((x, y) => time(x) - time(y))[0];
  const ends = [a.valid_time.end_time, b.valid_time.end_time];
  const end = ends.some((t) => t === undefined)
    ? undefined
    : (ends as string[]).sort((x, y) => time(y) - time(x))[0];
  const valid_time = { ...(start ? { start_time: start } : {}), ...(end ? { end_time: end } : {}) };
  return { ...a, valid_time };
}
