import { createHash } from 'node:crypto';
import { canonicalValue, type CorpusEntry } from '../fixtures/corpus';
import type { SimPulse } from '../fixtures/sim-corpus.types';
import { OTX_SECTIONS, type OtxSlug } from './otx-vocabulary';
import { toPulseSummary, type RelatedIndicator } from './pulse-summary';

/** Inputs of one `general` answer. */
export interface GeneralInput {
  slug: OtxSlug;
  /** Canonical value (echoed as `indicator`). */
  indicator: string;
  typeName: string;
  typeTitle: string;
  entry: CorpusEntry | undefined;
  pulsesCap: number;
}

// Fixed geo for every IP: an AS in the documentation range (RFC 5398).
const GEO = {
  asn: 'AS64500 Example Hosting Ltd',
  city_data: true,
  city: null,
  region: null,
  continent_code: 'EU',
  country_code3: 'DEU',
  country_code2: 'DE',
  subdivision: null,
  latitude: 51.2993,
  postal_code: null,
  longitude: 9.491,
  accuracy_radius: 1000,
  country_code: 'DE',
  country_name: 'Germany',
  dma_code: 0,
  charset: 0,
  area_code: 0,
  flag_url: '/assets/images/flags/de.png',
  flag_title: 'Germany',
};

/** Geo fields OTX flattens into IP answers (also the `geo` section). */
export const GEO_FIELDS: Readonly<Record<string, unknown>> = GEO;

/** The `general` body (docs/otx-api.md §3.2.1, §5.1). */
export function buildGeneralBody(input: GeneralInput): Record<string, unknown> {
  const { slug, indicator, entry } = input;
  const pulses = [...(entry?.pulses ?? [])].sort((a, b) => b.modified.localeCompare(a.modified));
  return {
    ...slugExtras(slug, indicator),
    indicator,
    type: input.typeName,
    type_title: input.typeTitle,
    base_indicator: baseIndicator(entry),
    pulse_info: {
      count: pulses.length,
      pulses: pulses
        .slice(0, input.pulsesCap)
        .map((p) => toPulseSummary(p, related(p, slug, indicator))),
      references: [...new Set(pulses.flatMap((p) => p.references))],
      related: relatedBlock(pulses, slug),
    },
    false_positive: (entry?.falsePositive ?? []).map((fp) => ({ ...fp })),
    validation: (entry?.validation ?? []).map((v) => ({ ...v })),
    sections: [...OTX_SECTIONS[slug]],
  };
}

function baseIndicator(entry: CorpusEntry | undefined): Record<string, unknown> {
  if (!entry?.baseType) return {};
  const digest = createHash('sha1').update(entry.indicator).digest();
  return {
    id: digest.readUInt32BE(0),
    indicator: entry.indicator,
    type: entry.baseType,
    title: '',
    description: '',
    content: '',
    access_type: 'public',
    access_reason: '',
  };
}

function related(pulse: SimPulse, slug: OtxSlug, canonical: string): RelatedIndicator {
  const listed = pulse.indicators.find((i) => canonicalValue(slug, i.indicator) === canonical);
  if (listed) return { type: listed.type, isActive: listed.isActive };
  const only = pulse.generalOnly.find((g) => canonicalValue(slug, g.value) === canonical);
  return { type: only?.type, isActive: true };
}

function relatedBlock(pulses: SimPulse[], slug: OtxSlug): Record<string, unknown> {
  const empty = { adversary: [], malware_families: [], industries: [] };
  const other = {
    adversary: [...new Set(pulses.map((p) => p.adversary).filter(Boolean))],
    malware_families: [...new Set(pulses.flatMap((p) => p.malwareFamilies))],
    industries: [...new Set(pulses.flatMap((p) => p.industries))],
  };
  // The URL type adds a unique_indicators count to both blocks (docs/otx-api.md §3.2.1).
  if (slug === 'url')
    return {
      alienvault: { ...empty, unique_indicators: 0 },
      other: { ...other, unique_indicators: 0 },
    };
  return { alienvault: empty, other };
}

function slugExtras(slug: OtxSlug, indicator: string): Record<string, unknown> {
  const whois = `http://whois.domaintools.com/${indicator}`;
  switch (slug) {
    case 'IPv4':
    case 'IPv6':
      return { whois, reputation: 0, ...GEO };
    case 'domain':
    case 'hostname':
      return { whois, alexa: `http://www.alexa.com/siteinfo/${indicator}` };
    case 'url': {
      const hostname = hostOf(indicator);
      const domain = hostname.split('.').slice(-2).join('.');
      return {
        alexa: `http://www.alexa.com/siteinfo/${domain}`,
        whois: `http://whois.domaintools.com/${domain}`,
        domain,
        hostname,
      };
    }
    default:
      return {};
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
