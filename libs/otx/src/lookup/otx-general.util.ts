import { isRecord } from '../http/otx-json';
import { OtxGeneral } from '../otx.types';

const PULSE_FIELDS = [
  'id',
  'name',
  'description',
  'TLP',
  'tags',
  'created',
  'modified',
  'references',
  'attack_ids',
  'malware_families',
  'adversary',
  'industries',
  'targeted_countries',
  'subscriber_count',
  'indicator_type_counts',
  'related_indicator_type',
  'related_indicator_is_active',
];

/**
 * The fields of a `general` answer that the relay reads (see {@link OtxGeneral}), so that a cache
 * entry stays small: a busy IP's full answer weighs tens of kilobytes. Values are not checked.
 */
export function pickGeneral(body: Record<string, unknown>): OtxGeneral {
  const general: Record<string, unknown> = pick(body, [
    'type_title',
    'validation',
    'false_positive',
  ]);
  const base = body.base_indicator;
  if (base !== undefined) general.base_indicator = isRecord(base) ? pick(base, ['type']) : base;
  const info = body.pulse_info;
  if (info === undefined) return general;
  if (!isRecord(info)) return { ...general, pulse_info: info };
  const pulseInfo = pick(info, ['count']);
  if (Array.isArray(info.pulses)) pulseInfo.pulses = info.pulses.map(pickPulse);
  else if (info.pulses !== undefined) pulseInfo.pulses = info.pulses;
  return { ...general, pulse_info: pulseInfo };
}

/** Whether a general answer is "no data" (cached for the shorter, empty-result TTL). */
export function isEmptyGeneral(general: OtxGeneral | null): boolean {
  const pulses = general?.pulse_info?.pulses;
  return !general?.base_indicator?.type || !Array.isArray(pulses) || pulses.length === 0;
}

function pickPulse(pulse: unknown): unknown {
  if (!isRecord(pulse)) return pulse;
  const picked = pick(pulse, PULSE_FIELDS);
  const { author } = pulse;
  if (author !== undefined) picked.author = isRecord(author) ? pick(author, ['username']) : author;
  return picked;
}

function pick(from: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}
