const INTEGER_STRING = /^[+-]?\d+$/;

function toInteger(value: unknown): number | undefined {
  // A JSON float is truncated, as Python's int() did; a string must be an integer as written.
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string' && INTEGER_STRING.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * Reads the `CTR_ENTITIES_LIMIT` claim (contract §4.1): a positive integer, or a string of one,
 * capped at `max`; anything else (0, negatives, `"2.7"`, null, arrays, objects, booleans,
 * missing) gives `defaultValue`. A JSON float is truncated first (`2.7` → 2).
 * @example parseEntitiesLimit('5000', { defaultValue: 100, max: 1000 }) // 1000
 */
export function parseEntitiesLimit(
  value: unknown,
  opts: { defaultValue: number; max: number },
): number {
  const n = toInteger(value);
  if (n === undefined || n <= 0) return opts.defaultValue;
  return Math.min(n, opts.max);
}
