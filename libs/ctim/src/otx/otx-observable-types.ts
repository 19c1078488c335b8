/**
 * Observable types the OTX relay supports, with the display name used in
 * refer titles and the OTX UI URL category (relay contract §6.1; `hostname`
 * from issue 12 item 4, OTX's page for a fully qualified host name).
 */
export const OTX_OBSERVABLE_META = {
  ip: { name: 'IP', category: 'ip' },
  ipv6: { name: 'IPv6', category: 'ip' },
  domain: { name: 'domain', category: 'domain' },
  hostname: { name: 'hostname', category: 'hostname' },
  url: { name: 'URL', category: 'url' },
  md5: { name: 'MD5', category: 'file' },
  sha1: { name: 'SHA1', category: 'file' },
  sha256: { name: 'SHA256', category: 'file' },
  email: { name: 'email', category: 'email' },
} as const;

/** An observable type supported by the OTX relay (observe or refer). */
export type OtxObservableType = keyof typeof OTX_OBSERVABLE_META;

/**
 * Whether `t` is one of the {@link OTX_OBSERVABLE_META} keys; exact and
 * case-sensitive, as in the original.
 */
export function isOtxObservableType(t: string): t is OtxObservableType {
  // hasOwn, so inherited names such as 'toString' or '__proto__' are rejected.
  return Object.hasOwn(OTX_OBSERVABLE_META, t);
}
