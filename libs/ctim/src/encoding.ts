// encodeURIComponent keeps these five besides the unreserved set; Python's quote does not.
const KEPT_BY_ENCODE_URI = /[!'()*]/g;
const PATH_SAFE = /%(?:40|3A)/g;
// Most values (IPs, hashes, domains) are made of characters that no encoding changes.
const UNRESERVED_ONLY = /^[A-Za-z0-9_.~-]*$/;
const PATH_SEGMENT_SAFE_ONLY = /^[A-Za-z0-9_.~@:-]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function hexEscape(ch: string): string {
  return '%' + ch.charCodeAt(0).toString(16).toUpperCase();
}

/**
 * Percent-encodes the UTF-8 bytes of `value` keeping only the unreserved characters, as
 * Python's `quote(value, safe='')` does. Lone surrogates become U+FFFD (`%EF%BF%BD`) first:
 * encodeURIComponent would throw on them.
 */
function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    encoded = encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
  return encoded.replace(KEPT_BY_ENCODE_URI, hexEscape);
}

/**
 * Percent-encodes `value` keeping only `A–Z a–z 0–9 _ . - ~`; every other
 * UTF-8 byte becomes `%XX` (upper-case hex). Same as Python
 * `quote(value, safe='')`. Used for refer ids and OTX UI links (contract §8). Never throws.
 * @example strictPercentEncode('a@b:c') // 'a%40b%3Ac'
 */
export function strictPercentEncode(value: string): string {
  return percentEncode(value);
}

/**
 * Encodes `value` as one OTX path segment: like {@link strictPercentEncode}
 * but `@` and `:` are kept. Same as Python `quote(value, safe='@:')`
 * (relay contract §6.2). Never throws.
 * @example otxPathSegment('http://a.b/c') // 'http:%2F%2Fa.b%2Fc'
 */
export function otxPathSegment(value: string): string {
  if (PATH_SEGMENT_SAFE_ONLY.test(value)) return value;
  return percentEncode(value).replace(PATH_SAFE, decodeURIComponent);
}
