import { getDomain } from 'tldts';
import type { OtxQueryableType } from '../otx.constants';

/**
 * The type an observable is looked up as in OTX (contract §6.1): its own, except a `domain`
 * with labels beyond its registrable domain (`update.example.com`, `www.example.co.uk`), which
 * OTX files as a host name, in its `hostname` section: its `domain` section does not know it.
 * The registrable domain comes from the public-suffix list (ICANN section, through `tldts`);
 * a name without one (an IP address, a bare suffix such as `co.uk`, `localhost`) stays a
 * domain. `canonical` is the value in canonical form (punycode for IDNs).
 * @example lookupTypeOf('domain', 'update.example.com') // 'hostname'
 */
export function lookupTypeOf(type: OtxQueryableType, canonical: string): OtxQueryableType {
  if (type !== 'domain') return type;
  const name = canonical.replace(/\.+$/, '');
  const registrable = getDomain(name, { allowPrivateDomains: false });
  return registrable !== null && name.endsWith(`.${registrable}`) ? 'hostname' : 'domain';
}
