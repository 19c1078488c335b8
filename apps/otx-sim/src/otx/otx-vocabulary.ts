import type { SimIndicatorType, SimObservableType } from '../fixtures/sim-corpus.types';

/** Path slugs of `/api/v1/indicators/{slug}/...` the simulator serves (docs/otx-api.md §2.1). */
export const OTX_SLUGS = ['IPv4', 'IPv6', 'domain', 'hostname', 'url', 'file', 'cve'] as const;

/** One of `OTX_SLUGS`. */
export type OtxSlug = (typeof OTX_SLUGS)[number];

/** Sections per slug: the union of the documented and observed lists (docs/otx-api.md §2.2). */
export const OTX_SECTIONS: Readonly<Record<OtxSlug, readonly string[]>> = {
  IPv4: [
    'general',
    'geo',
    'reputation',
    'url_list',
    'passive_dns',
    'malware',
    'nids_list',
    'http_scans',
  ],
  IPv6: ['general', 'geo', 'reputation', 'url_list', 'passive_dns', 'malware'],
  domain: ['general', 'geo', 'url_list', 'passive_dns', 'malware', 'whois', 'http_scans'],
  hostname: ['general', 'geo', 'url_list', 'passive_dns', 'malware', 'http_scans'],
  url: ['general', 'url_list', 'http_scans', 'screenshot'],
  file: ['general', 'analysis'],
  cve: ['general'],
};

/** Narrows a path segment to a slug (case-sensitive, like OTX). */
export function isOtxSlug(value: string): value is OtxSlug {
  return (OTX_SLUGS as readonly string[]).includes(value);
}

const SLUG_OF_TYPE: Readonly<Record<SimIndicatorType, OtxSlug | undefined>> = {
  IPv4: 'IPv4',
  IPv6: 'IPv6',
  domain: 'domain',
  hostname: 'hostname',
  URL: 'url',
  email: undefined, // OTX has no e-mail endpoint
  'FileHash-MD5': 'file',
  'FileHash-SHA1': 'file',
  'FileHash-SHA256': 'file',
  CVE: 'cve',
};

/** The slug that looks an indicator type up, if any. */
export function slugOfType(type: SimIndicatorType): OtxSlug | undefined {
  return SLUG_OF_TYPE[type];
}

const SLUG_OF_OBSERVABLE: Readonly<Record<SimObservableType, OtxSlug | undefined>> = {
  ip: 'IPv4',
  ipv6: 'IPv6',
  domain: 'domain',
  hostname: 'hostname',
  url: 'url',
  md5: 'file',
  sha1: 'file',
  sha256: 'file',
  email: undefined,
};

/** The slug the relay uses for a CTIM observable type (contract §6.1; hostname: issue 12). */
export function slugOfObservable(type: SimObservableType): OtxSlug | undefined {
  return SLUG_OF_OBSERVABLE[type];
}

/** The `slug` field of a pulse-indicator record (its detail-page kind; `ip` is a guess). */
export function detailSlugOfType(type: SimIndicatorType): string {
  if (type === 'IPv4' || type === 'IPv6') return 'ip';
  return slugOfType(type) ?? type;
}

const HASH_TYPES: Readonly<Record<number, [string, SimIndicatorType]>> = {
  32: ['md5', 'FileHash-MD5'],
  40: ['sha1', 'FileHash-SHA1'],
  64: ['sha256', 'FileHash-SHA256'],
};

/** `[type, type_title]` of a `general` answer (docs/otx-api.md §2.1); undefined for a malformed hash. */
export function generalTypeOf(slug: OtxSlug, value: string): [string, string] | undefined {
  switch (slug) {
    case 'IPv4':
    case 'IPv6':
      return [slug, slug];
    case 'domain':
      return ['domain', 'Domain'];
    case 'hostname':
      return ['hostname', 'Hostname'];
    case 'url':
      return ['url', 'URL'];
    case 'cve':
      return ['cve', 'CVE'];
    case 'file': {
      const hash = /^[0-9a-f]+$/i.test(value) ? HASH_TYPES[value.length] : undefined;
      return hash;
    }
  }
}
