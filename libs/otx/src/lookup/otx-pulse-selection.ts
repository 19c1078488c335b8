import type { OtxQueryableType } from '../otx.constants';
import type { OtxGeneral, OtxPulse } from '../otx.types';

/**
 * The pulse type strings under which a pulse may list an observable of each type (contract
 * §6.2): a domain may be listed as `hostname` and a host name as `domain`, so either takes both.
 */
export const OTX_PULSE_TYPES: Readonly<Record<OtxQueryableType, readonly string[]>> = {
  ip: ['IPv4'],
  ipv6: ['IPv6'],
  domain: ['domain', 'hostname'],
  hostname: ['hostname', 'domain'],
  url: ['URL'],
  md5: ['FileHash-MD5'],
  sha1: ['FileHash-SHA1'],
  sha256: ['FileHash-SHA256'],
};

const PULSE_TYPE_BY_LOWER = new Map(
  Object.values(OTX_PULSE_TYPES)
    .flat()
    .map((t) => [t.toLowerCase(), t]),
);

/**
 * The pulses of a `general` answer that may hold the queried indicator (contract §6.4 step 3,
 * §11 item 14). Each pulse says under which type it lists the queried indicator
 * (`related_indicator_type`): it is walked when that is a type of what was queried (the
 * observable's own OTX types, and `type_title`, the type OTX answered for) — never by
 * `base_indicator.type`, which for a hash may be another hash of the same file. A pulse that
 * does not say is walked, unless it says the indicator is active and its `indicator_type_counts`
 * (which count active indicators only) lack every such type. No base indicator means no record:
 * nothing is walked.
 */
export function selectPulses(general: OtxGeneral | null, type: OtxQueryableType): OtxPulse[] {
  const baseType = general?.base_indicator?.type;
  if (!general || typeof baseType !== 'string' || baseType === '') return [];
  const pulses: unknown = general.pulse_info?.pulses;
  if (!Array.isArray(pulses)) return [];
  const accepted = new Set(OTX_PULSE_TYPES[type]);
  const answered = PULSE_TYPE_BY_LOWER.get(String(general.type_title ?? '').toLowerCase());
  if (answered !== undefined) accepted.add(answered);
  return (pulses as OtxPulse[]).filter((p) => isWalked(p, accepted));
}

function isWalked(pulse: OtxPulse, accepted: Set<string>): boolean {
  if (typeof pulse?.id !== 'string' || pulse.id === '') return false;
  const related = pulse.related_indicator_type;
  if (typeof related === 'string' && related !== '') return accepted.has(related);
  const counts = pulse.indicator_type_counts;
  if (pulse.related_indicator_is_active === 1 && typeof counts === 'object' && counts !== null) {
    return [...accepted].some((t) => Object.prototype.hasOwnProperty.call(counts, t));
  }
  return true;
}
