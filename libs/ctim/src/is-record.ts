/**
 * Whether `v` is a non-null, non-array object whose fields can be read. OTX
 * data and values under validation are external JSON, so nothing is assumed.
 */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
