/**
 * CTIM dispositions (relay contract §9.1, threatgrid/ctim `common.cljc`): each number has
 * one name, and an entity that carries both must carry a matching pair.
 */
export const CTIM_DISPOSITIONS = {
  1: 'Clean',
  2: 'Malicious',
  3: 'Suspicious',
  4: 'Common',
  5: 'Unknown',
} as const;

/** A CTIM disposition number. */
export type Disposition = keyof typeof CTIM_DISPOSITIONS;

/** A CTIM disposition name. */
export type DispositionName = (typeof CTIM_DISPOSITIONS)[Disposition];

/** The name of a disposition number, e.g. `2` → `Malicious`. */
export function dispositionName<D extends Disposition>(
  disposition: D,
): (typeof CTIM_DISPOSITIONS)[D] {
  return CTIM_DISPOSITIONS[disposition];
}
