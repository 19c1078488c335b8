import { expandIpv6, isRefusedIpv4, isValidIpv4 } from './ip-address.util';
import { generalTypeOf, type OtxSlug } from './otx-vocabulary';

/** The canonical form of a looked-up value, or why OTX would answer 400. */
export type ValueCheck = { ok: true; canonical: string } | { ok: false; detail: string };

/**
 * Validates a value for a slug and returns the form OTX stores and echoes: IPv6 expanded,
 * host names and hashes lower-case, CVE ids upper-case, URLs with a lower-case scheme.
 */
export function checkIndicatorValue(slug: OtxSlug, value: string): ValueCheck {
  switch (slug) {
    case 'IPv4':
      return checkIpv4(value);
    case 'IPv6': {
      const expanded = expandIpv6(value);
      return expanded
        ? { ok: true, canonical: expanded }
        : { ok: false, detail: 'Invalid IPv6 address.' };
    }
    case 'file':
      return generalTypeOf(slug, value)
        ? { ok: true, canonical: value.toLowerCase() }
        : { ok: false, detail: 'Invalid file hash.' };
    case 'domain':
    case 'hostname':
      return { ok: true, canonical: value.toLowerCase() };
    case 'cve':
      return { ok: true, canonical: value.toUpperCase() };
    case 'url':
      // XSOAR lower-cases the scheme before asking (docs/otx-api.md §2.3); OTX treats both alike.
      return { ok: true, canonical: value.replace(/^[a-z][a-z0-9+.-]*:/i, (s) => s.toLowerCase()) };
  }
}

function checkIpv4(value: string): ValueCheck {
  if (!isValidIpv4(value)) return { ok: false, detail: 'Invalid IPv4 address.' };
  if (isRefusedIpv4(value)) {
    return { ok: false, detail: 'Private, loopback and link-local addresses are not accepted.' };
  }
  return { ok: true, canonical: value };
}
