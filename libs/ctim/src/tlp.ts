/** The four CTIM TLP values (relay contract §9.1); the vocabulary is closed. */
export const CTIM_TLPS = ['red', 'amber', 'green', 'white'] as const;

/** A CTIM TLP value. */
export type CtimTlp = (typeof CTIM_TLPS)[number];

// TLP 2.0 renamed WHITE to CLEAR and added AMBER+STRICT; CTIM still has only
// the four TLP 1.0 values, so each maps to its nearest 1.0 equivalent.
const TLP_BY_LABEL: ReadonlyMap<string, CtimTlp> = new Map<string, CtimTlp>([
  ['red', 'red'],
  ['amber', 'amber'],
  ['amber+strict', 'amber'],
  ['green', 'green'],
  ['white', 'white'],
  ['clear', 'white'],
]);

/**
 * Normalises a TLP label to CTIM: case and surrounding spaces are ignored,
 * as is a `TLP:` prefix; TLP 2.0 `clear` becomes `white` and `amber+strict`
 * becomes `amber`. Anything else, including non-strings, gives `null`.
 * @example normaliseTlp('TLP:CLEAR') // 'white'
 */
export function normaliseTlp(value: unknown): CtimTlp | null {
  if (typeof value !== 'string') return null;
  const label = value
    .trim()
    .toLowerCase()
    .replace(/^tlp:\s*/, '');
  return TLP_BY_LABEL.get(label) ?? null;
}

// Least to most restrictive.
const TLP_RANK: Readonly<Record<CtimTlp, number>> = { white: 0, green: 1, amber: 2, red: 3 };

/** Whether `tlp` is at most as restrictive as `max` (white < green < amber < red). */
export function isTlpWithin(tlp: CtimTlp, max: CtimTlp): boolean {
  return TLP_RANK[tlp] <= TLP_RANK[max];
}

/**
 * The most restrictive of `tlps` (red > amber > green > white), or `null` when there is none.
 * @example mostRestrictiveTlp(['white', 'amber', 'green']) // 'amber'
 */
export function mostRestrictiveTlp(tlps: Iterable<CtimTlp>): CtimTlp | null {
  let most: CtimTlp | null = null;
  for (const tlp of tlps) if (most === null || TLP_RANK[tlp] > TLP_RANK[most]) most = tlp;
  return most;
}
