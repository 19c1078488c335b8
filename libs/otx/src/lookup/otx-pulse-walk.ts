import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { OtxPulseIndicator, OtxPulseMultiResult } from '../otx.types';
import { OtxLookupCache } from '../store/otx-lookup-cache';
import { OtxMatchTarget } from './otx-match-target';
import { ScannedPage } from './pulse-page-scanner';

/** What a walk needs from its session. */
export interface OtxPulseWalkDeps {
  options: ResolvedOtxOptions;
  cache: OtxLookupCache;
  /** The cache key of one value's membership in one pulse. */
  cacheKey(pulseId: string, target: OtxMatchTarget): string;
  /**
   * Page `page` (1-based) of the pulse's indicators, read for `targets` only; null when OTX
   * answered 400/404.
   */
  fetchPage(pulseId: string, page: number, targets: OtxMatchTarget[]): Promise<ScannedPage | null>;
  /** The id of the request served, for the cache's and observer's warnings (contract §13.1). */
  requestId?: string;
}

/**
 * Finds `targets` in one pulse: cached memberships first, then one walk for the rest that stops
 * when all are matched, at `next: null`, at a 400/404 or at `maxPages`. Each page is asked for
 * only the values still unmatched. Caches what it resolved: found (hit TTL), absent after a
 * complete walk (empty TTL); an incomplete walk, or a value whose only records were unusable,
 * caches no absence.
 */
export async function walkPulse(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  targets: OtxMatchTarget[],
): Promise<OtxPulseMultiResult> {
  const matches = new Map<string, OtxPulseIndicator>();
  const pending = await fromCache(deps, pulseId, dedupe(targets), matches);
  if (pending.length === 0) return { matches, complete: true, pagesWalked: 0, failures: [] };
  const walked = await walkPages(deps, pulseId, pending, matches);
  const failed = new Set(walked.failures.map((f) => f.value));
  await Promise.all(
    pending.map((t) =>
      remember(deps, pulseId, t, matches, walked.complete && !failed.has(t.value)),
    ),
  );
  return { matches, ...walked };
}

async function walkPages(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  pending: OtxMatchTarget[],
  matches: Map<string, OtxPulseIndicator>,
): Promise<Omit<OtxPulseMultiResult, 'matches'>> {
  const failures = new Map<string, string>();
  const done = (complete: boolean, pagesWalked: number) => ({
    complete,
    pagesWalked,
    failures: [...failures]
      .filter(([value]) => !matches.has(value))
      .map(([value, detail]) => ({ value, detail })),
  });
  for (let page = 1; page <= deps.options.maxPages; page++) {
    const unmatched = pending.filter((t) => !matches.has(t.value));
    const found = await deps.fetchPage(pulseId, page, unmatched);
    // 400/404 on any page means "no (further) match", not a failure (contract §11 item 8).
    if (found === null) return done(true, page - 1);
    for (const [value, match] of found.matches) if (!matches.has(value)) matches.set(value, match);
    for (const f of found.failures) if (!failures.has(f.value)) failures.set(f.value, f.detail);
    if (found.next === null || pending.every((t) => matches.has(t.value))) {
      return done(true, page);
    }
  }
  return done(false, deps.options.maxPages);
}

/** Serves cached memberships into `matches`; returns the targets still to look for. */
async function fromCache(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  targets: OtxMatchTarget[],
  matches: Map<string, OtxPulseIndicator>,
): Promise<OtxMatchTarget[]> {
  const cached = await Promise.all(
    targets.map((t) =>
      deps.cache.get<OtxPulseIndicator | null>(deps.cacheKey(pulseId, t), deps.requestId),
    ),
  );
  return targets.filter((t, i) => {
    const hit = cached[i];
    const event = { kind: 'pulse' as const, hit: hit !== undefined };
    notify(deps.options.observer, 'onCache', event, deps.requestId);
    if (hit?.value) matches.set(t.value, hit.value);
    return hit === undefined;
  });
}

/** Caches a resolved membership: found (hit TTL), or absent when `absent` is sure (empty TTL). */
async function remember(
  deps: OtxPulseWalkDeps,
  pulseId: string,
  target: OtxMatchTarget,
  matches: Map<string, OtxPulseIndicator>,
  absent: boolean,
): Promise<void> {
  const key = deps.cacheKey(pulseId, target);
  const match = matches.get(target.value);
  const { cacheTtlHitS, cacheTtlEmptyS } = deps.options;
  if (match !== undefined) await deps.cache.set(key, match, cacheTtlHitS, deps.requestId);
  else if (absent) await deps.cache.set(key, null, cacheTtlEmptyS, deps.requestId);
}

function dedupe(targets: OtxMatchTarget[]): OtxMatchTarget[] {
  const seen = new Map(targets.map((t) => [`${t.kind}\u0000${t.value}`, t]));
  return [...seen.values()];
}
