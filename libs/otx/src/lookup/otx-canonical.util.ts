import { isIPv6 } from 'node:net';
import type { OtxQueryableType } from '../otx.constants';

/**
 * The form in which a value is compared with a pulse's records (contract §11 items 13, 2.3):
 * hashes and domains trimmed and lower-cased; IPv6 in compressed lower-case form (OTX lists
 * `2001:db8:0:0:0:0:0:1` for `2001:DB8::1`); IPv4 and URLs unchanged. A value that does not
 * parse as IPv6 stays as given.
 */
export function canonicalIndicator(type: OtxQueryableType, value: string): string {
  switch (type) {
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'domain':
      return value.trim().toLowerCase();
    case 'ipv6':
      return canonicalIpv6(value);
    default:
      return value;
  }
}

function canonicalIpv6(value: string): string {
  const trimmed = value.trim();
  // isIPv6 first: most records in a pulse are not IPv6, and URL parsing is the costly part.
  if (!isIPv6(trimmed)) return value;
  try {
    return new URL(`http://[${trimmed}]/`).hostname.slice(1, -1);
  } catch {
    return value;
  }
}
