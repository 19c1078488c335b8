/** CTIM observable types the relay looks up on OTX (contract §6.1); `email` has no OTX endpoint. */
export const OTX_QUERYABLE_TYPES = [
  'ip',
  'ipv6',
  'domain',
  'hostname',
  'url',
  'md5',
  'sha1',
  'sha256',
] as const;

/** One of {@link OTX_QUERYABLE_TYPES}. */
export type OtxQueryableType = (typeof OTX_QUERYABLE_TYPES)[number];

/** True when `type` is looked up on OTX (exact, case-sensitive match, contract §6.1). */
export function isOtxQueryableType(type: string): type is OtxQueryableType {
  return (OTX_QUERYABLE_TYPES as readonly string[]).includes(type);
}

/** The OTX `/api/v1/indicators/<section>/…` slug for each queryable type (docs/otx-api.md §2.1). */
export const OTX_SECTION_BY_TYPE: Readonly<Record<OtxQueryableType, string>> = {
  ip: 'IPv4',
  ipv6: 'IPv6',
  domain: 'domain',
  hostname: 'hostname',
  url: 'url',
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
};

/** Node's rule for a header value (`checkInvalidHeaderChar`), plus SP/HTAB at either end. */
export const UNSENDABLE_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]|^[\t ]|[\t ]$/;

/** Node/OpenSSL error codes that mean the OTX certificate did not verify. */
export const TLS_VERIFY_ERROR_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_REJECTED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Connection-level error codes (OTX unreachable) and how the detail names them. */
export const NETWORK_ERROR_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
