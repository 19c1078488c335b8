import { isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import type { OtxQueryableType } from '../otx.constants';

/**
 * The form in which a value is compared with a pulse's records and sent to OTX (contract §6.2,
 * §11 item 13): hashes trimmed and lower-cased; domains and host names trimmed, lower-cased and,
 * when they hold non-ASCII letters, in punycode (`bücher.example` → `xn--bcher-kva.example`:
 * OTX keys host names by their ASCII form); IPv6 in compressed lower-case form (OTX lists
 * `2001:db8:0:0:0:0:0:1` for `2001:DB8::1`); IPv4 and URLs unchanged. A value that does not
 * parse as IPv6, or a name that has no ASCII form, stays as given (trimmed, lower-cased).
 */
export function canonicalIndicator(type: OtxQueryableType, value: string): string {
  switch (type) {
    case 'md5':
    case 'sha1':
    case 'sha256':
      return value.trim().toLowerCase();
    case 'domain':
    case 'hostname':
      return canonicalHost(value);
    case 'ipv6':
      return canonicalIpv6(value);
    default:
      return value;
  }
}

// Characters at which URL host parsing stops or changes meaning: a name holding one is not
// converted, so that nothing the caller sent is cut off (`домен/x` must not become `xn--d1acufc`).
const NOT_IN_A_HOST = /[\s/\\?#@:%]/;

function canonicalHost(value: string): string {
  const lower = value.trim().toLowerCase();
  // ASCII names (nearly all) are left alone: URL host parsing would also rewrite numeric
  // forms (`0x7f.1` → `127.0.0.1`), which is not the caller's name.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower) || NOT_IN_A_HOST.test(lower)) return lower;
  // UTS #46 processing as browsers do it (WHATWG URL); '' when the name has no ASCII form.
  return domainToASCII(lower) || lower;
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
