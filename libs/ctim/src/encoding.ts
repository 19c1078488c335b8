const UNRESERVED = /^[A-Za-z0-9_.~-]$/;

/**
 * Percent-encodes the UTF-8 bytes of `value`, keeping the unreserved
 * characters and those in `safe` (like Python's `urllib.parse.quote`).
 */
function percentEncode(value: string, safe: string): string {
  // Byte-wise from a Buffer, because encodeURIComponent throws on lone
  // surrogates; Buffer turns them into U+FFFD (EF BF BD) instead.
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && (UNRESERVED.test(ch) || safe.includes(ch))) {
      out += ch;
    } else {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

/**
 * Percent-encodes `value` keeping only `A–Z a–z 0–9 _ . - ~`; every other
 * UTF-8 byte becomes `%XX` (upper-case hex). Same as Python
 * `quote(value, safe='')`. Used for refer ids (relay contract §8). Never throws.
 * @example strictPercentEncode('a@b:c') // 'a%40b%3Ac'
 */
export function strictPercentEncode(value: string): string {
  return percentEncode(value, '');
}

/**
 * Encodes `value` as one OTX path segment: like {@link strictPercentEncode}
 * but `@` and `:` are kept. Same as Python `quote(value, safe='@:')`
 * (relay contract §6.2). Never throws.
 * @example otxPathSegment('http://a.b/c') // 'http:%2F%2Fa.b%2Fc'
 */
export function otxPathSegment(value: string): string {
  return percentEncode(value, '@:');
}
