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
