import type { CtimBundle, Verdict } from './ctim.types';

const observableKey = (v: Verdict) => `${v.observable.type}\u0000${v.observable.value}`;

/**
 * One Verdict per observable, as CTIM chooses among Judgements (contract §9.3): the Verdict
 * whose Judgement (found by `judgement_id` in the bundle) has the highest `priority` wins; on a
 * tie, or without a Judgement to read, the lower disposition number wins (Clean before
 * Malicious, Suspicious, Common, Unknown); then the first. For answers that merge several
 * intel providers; the bundle's other entities are kept as they are. Never throws.
 */
export function selectVerdicts(bundle: CtimBundle): CtimBundle {
  const verdicts = bundle.verdicts?.docs;
  if (!verdicts || verdicts.length < 2) return bundle;
  const priorities = new Map((bundle.judgements?.docs ?? []).map((j) => [j.id, j.priority]));
  const priorityOf = (v: Verdict) =>
    (v.judgement_id !== undefined ? priorities.get(v.judgement_id) : undefined) ?? -1;
  // Keyed by observable, in the order each observable first appears: request order holds.
  const best = new Map<string, Verdict>();
  for (const verdict of verdicts) {
    const key = observableKey(verdict);
    const kept = best.get(key);
    const wins =
      kept === undefined ||
      priorityOf(verdict) > priorityOf(kept) ||
      (priorityOf(verdict) === priorityOf(kept) && verdict.disposition < kept.disposition);
    if (wins) best.set(key, verdict);
  }
  if (best.size === verdicts.length) return bundle;
  const chosen = [...best.values()];
  return { ...bundle, verdicts: { count: chosen.length, docs: chosen } };
}
