/**
 * CTIM string limits (threatgrid/ctim `common.cljc`, relay contract §9.1):
 * ShortString, MedString, LongString/Markdown, and URIs and ids. CTIM counts
 * Java `String` characters, which are UTF-16 code units, so these are limits
 * on `string.length`.
 */
export const CTIM_LIMITS = {
  shortString: 1024,
  medString: 2048,
  longString: 5000,
  uri: 2048,
} as const;

/** Appended to a truncated string, inside the limit, so readers can tell text was cut. */
export const TRUNCATION_MARK = '\u2026';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Truncates `value` to at most `max` UTF-16 code units, ending it with `…`
 * (U+2026) when it was cut. A surrogate pair is never split, so the result
 * has no lone surrogate that `value` did not have, and its length in code
 * points is within `max` too. Strings that fit are returned unchanged, so
 * truncating twice gives the same result as once.
 * @param max at least 1
 * @example truncateCtimString('abcdef', 4) // 'abc…'
 */
export function truncateCtimString(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = Math.max(0, max - TRUNCATION_MARK.length);
  if (end > 0 && isHigh(value.charCodeAt(end - 1)) && isLow(value.charCodeAt(end))) end--;
  return value.slice(0, end) + TRUNCATION_MARK;
}
