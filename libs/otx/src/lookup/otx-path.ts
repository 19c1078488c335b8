// Bytes kept as they are: the unreserved characters, plus those a rule adds.
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';
const keptBytes = (extra: string): Uint8Array => {
  const kept = new Uint8Array(256);
  for (const c of UNRESERVED + extra) kept[c.charCodeAt(0)] = 1;
  return kept;
};
const SEGMENT_KEPT = keptBytes('@:');
const STRICT_KEPT = keptBytes('');
const ESCAPED = Array.from(
  { length: 256 },
  (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
);
const PLAIN_SEGMENT = /^[A-Za-z0-9_.~@:-]*$/;
const PLAIN_STRICT = /^[A-Za-z0-9_.~-]*$/;

/**
 * Python's `quote(value, safe)` of the value's UTF-8 bytes, as the original relay built OTX
 * paths (contract §6.2): kept bytes as they are, every other one `%XX` in upper-case hex. A
 * lone surrogate is encoded as U+FFFD (Buffer's UTF-8 does that), never thrown on.
 */
function quote(value: string, kept: Uint8Array): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += kept[byte] === 1 ? String.fromCharCode(byte) : ESCAPED[byte];
  }
  return out;
}

/**
 * An indicator value as one path segment of `/api/v1/indicators/<section>/<value>/general`:
 * `quote(value, safe='@:')` (contract §6.2), so `/`, `?`, `#` and `%` never leave the segment.
 */
export function otxPathSegment(value: string): string {
  return PLAIN_SEGMENT.test(value) ? value : quote(value, SEGMENT_KEPT);
}

/** A pulse id as a path segment: `quote(value, safe='')`, `@` and `:` encoded too. */
export function otxStrictSegment(value: string): string {
  return PLAIN_STRICT.test(value) ? value : quote(value, STRICT_KEPT);
}
