// A trailing `Z`/`z` or a numeric offset (`+02:00`, `-0500`) after a time part.
const HAS_ZONE = /[T ]\d.*(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Converts an OTX timestamp to a CTIM time (relay contract §7.5).
 *
 * OTX sends naive UTC strings (`2021-05-05T10:11:12.123000`); like the
 * original, `Z` is appended and the rest kept unchanged. A value that already
 * carries a zone and parses is re-serialised as UTC with `toISOString()`
 * instead, because appending a second zone would make it invalid. Never throws.
 * @example otxTimeToCtim('1970-01-05T00:00:00') // '1970-01-05T00:00:00Z'
 */
export function otxTimeToCtim(value: string): string {
  if (HAS_ZONE.test(value)) {
    const date = new Date(value);
    // getTime() is NaN for unparsable or out-of-range dates, where
    // toISOString() would throw.
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return `${value}Z`;
}
