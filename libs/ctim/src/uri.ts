import { fullFormats } from 'ajv-formats/dist/formats';
import { CTIM_LIMITS } from './ctim-limits';

// The very check `validateCtimEntity` runs on a CTIM URI (ajv-formats' full `uri` format), so
// what passes here passes there.
const uriFormat = fullFormats.uri as (value: string) => boolean;

/**
 * Whether `value` is a CTIM URI (relay contract §9.1): a non-empty string of at most 2048
 * characters that parses as an absolute URI (RFC 3986, as the schemas check it).
 */
export function isCtimUri(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= CTIM_LIMITS.uri &&
    uriFormat(value)
  );
}
