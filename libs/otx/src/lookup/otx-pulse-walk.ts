import { canonicalIndicator } from './otx-canonical.util';
import { OtxLookupCache } from '../store/otx-lookup-cache';
import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { collectPulseMatches, OtxRecordMatcher } from './otx-page.util';
import { OtxQueryableType } from '../otx.constants';
import { OtxPage, OtxPulseIndicator, OtxPulseMultiResult } from '../otx.types';

/** How a wanted value is compared: canonically per type, or exactly (legacy `findInPulse`). */
export type OtxMatchKind = OtxQueryableType | 'exact';

/** One value to find, already in its comparison form. */
export interface OtxPulseTarget {
  kind: OtxMatchKind;
  value: string;
}

/** What a walk needs from its session. */
export interface OtxPulseWalkDeps {
  options: ResolvedOtxOptions;
  cache: OtxLookupCache;
  /** The cache key of one value's membership in one pulse. */
  cacheKey(pulseId: string, target: OtxPulseTarget): string;
  /** Page `page` (1-based) of the pulse's indicators; null when OTX answered 400/404. */
  fetchPage(pulseId: string, page: number): Promise<OtxPage<unknown> | null>;
}

/** The comparison form of `value`. */
export function pulseTarget(kind: OtxMatchKind, value: string): OtxPulseTarget {
  return { kind, value: kind === 'exact' ? value : canonicalIndicator(kind, value) };
}

/**
 * Finds `targets` in one pulse: cached memberships first, then one walk for the rest that stops
 * when all are matched, at `next: null`, at a 400/404 or at `maxPages`. Caches what it resolved:
 * found (hit TTL), absent after a complete walk (empty TTL); an incomplete walk caches no absence.
 */
export async function walkPulse(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  targets: OtxPulseTarget[],
): Promise<OtxPulseMultiResult> {
  const matches = new Map<string, OtxPulseIndicator>();
  const pending = await fromCache(deps, pulseId, dedupe(targets), matches);
  if (pending.length === 0) return { matches, complete: true, pagesWalked: 0 };
  const walked = await walkPages(deps, pulseId, pending, matches);
  await Promise.all(pending.map((t) => remember(deps, pulseId, t, matches, walked.complete)));
  return { matches, ...walked };
}

async function walkPages(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  pending: OtxPulseTarget[],
  matches: Map<string, OtxPulseIndicator>,
): Promise<{ complete: boolean; pagesWalked: number }> {
  const match = matcherFor(pending);
  const unmatched = () => pending.some((t) => !matches.has(t.value));
  for (let page = 1; page <= deps.options.maxPages; page++) {
    const found = await deps.fetchPage(pulseId, page);
    // 400/404 on any page means "no (further) match", not a failure (contract §11 item 8).
    if (found === null) return { complete: true, pagesWalked: page - 1 };
    collectPulseMatches(found.results, match, matches);
    if (found.next === null || !unmatched()) return { complete: true, pagesWalked: page };
  }
  return { complete: false, pagesWalked: deps.options.maxPages };
}

/** Puts each record in the form of every kind wanted and says which wanted value it is. */
function matcherFor(pending: OtxPulseTarget[]): OtxRecordMatcher {
  const byKind = new Map<OtxMatchKind, Set<string>>();
  for (const t of pending) byKind.set(t.kind, (byKind.get(t.kind) ?? new Set()).add(t.value));
  return (indicator) => {
    for (const [kind, values] of byKind) {
      const value = pulseTarget(kind, indicator).value;
      if (values.has(value)) return value;
    }
    return undefined;
  };
}

/** Serves cached memberships into `matches`; returns the targets still to look for. */
async function fromCache(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  targets: OtxPulseTarget[],
  matches: Map<string, OtxPulseIndicator>,
): Promise<OtxPulseTarget[]> {
  const cached = await Promise.all(
    targets.map((t) => deps.cache.get<OtxPulseIndicator | null>(deps.cacheKey(pulseId, t))),
  );
  const pending = targets.filter((t, i) => {
    const hit = cached[i];
    notify(deps.options.observer, 'onCache', { kind: 'pulse', hit: hit !== undefined });
    if (hit?.value) matches.set(t.value, hit.value);
    return hit === undefined;
  });
  return pending;
}

/** Caches a resolved membership: found (hit TTL), or absent after a complete walk (empty TTL). */
async function remember(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  target: OtxPulseTarget,
  matches: Map<string, OtxPulseIndicator>,
  complete: boolean,
): Promise<void> {
  const key = deps.cacheKey(pulseId, target);
  const match = matches.get(target.value);
  if (match !== undefined) await deps.cache.set(key, match, deps.options.cacheTtlHitS);
  else if (complete) await deps.cache.set(key, null, deps.options.cacheTtlEmptyS);
}

function dedupe(targets: OtxPulseTarget[]): OtxPulseTarget[] {
  const seen = new Map(targets.map((t) => [`${t.kind}\u0000${t.value}`, t]));
  return [...seen.values()];
}
