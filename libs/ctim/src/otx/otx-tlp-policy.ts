import { isRecord } from '../is-record';
import { isTlpWithin, type CtimTlp } from '../tlp';
import type { OtxGeneralInput } from './otx-input.types';
import { pulseTlpValue } from './pulse-fields';

/**
 * The TLP a maximum-TLP policy reads on a pulse: its own marking normalised to CTIM, or `red`
 * when it has none or one CTIM does not know. An unreadable marking may hide any restriction,
 * so it is read as the most restrictive one; with the maximum at `red` nothing is dropped.
 */
export function policyTlpOfPulse(pulse: unknown): CtimTlp {
  return pulseTlpValue(pulse) ?? 'red';
}

/**
 * Splits pulses by a maximum TLP (issue 12 item 6, `OTX_MAX_TLP`): `kept` are at most as
 * restrictive as `maxTlp` (white < green < amber < red), `dropped` the others, both in their
 * original order. A pulse without a readable TLP counts as `red` (see
 * {@link policyTlpOfPulse}). Not an array gives two empty lists. Never throws.
 * @example splitPulsesByTlp([{ id: 'a', TLP: 'red' }, { id: 'b', TLP: 'white' }], 'amber')
 * // { kept: [{ id: 'b', … }], dropped: [{ id: 'a', … }] }
 */
export function splitPulsesByTlp<T>(
  pulses: readonly T[] | null | undefined,
  maxTlp: CtimTlp,
): { kept: T[]; dropped: T[] } {
  const kept: T[] = [];
  const dropped: T[] = [];
  for (const pulse of Array.isArray(pulses) ? (pulses as readonly T[]) : []) {
    (isTlpWithin(policyTlpOfPulse(pulse), maxTlp) ? kept : dropped).push(pulse);
  }
  return { kept, dropped };
}

/**
 * A `general` answer with the pulses above `maxTlp` left out, and how many pulses that
 * leaves out, for the one warning the relay gives (issue 12 item 6).
 *
 * `pulse_info.pulses` keeps the pulses {@link splitPulsesByTlp} keeps and `pulse_info.count`
 * becomes their number. The pulses OTX counts but does not list (it caps the list at about
 * 50) have no readable TLP, so below `red` they are left out too and counted in `dropped`.
 * When anything is left out, `pulse_info.references` and `pulse_info.related`, which OTX
 * aggregates over every pulse, are removed, so no restricted pulse's data stays behind.
 * With `maxTlp` `red`, or an answer without pulse info, the answer itself comes back with
 * `dropped` 0. The input is never changed. Never throws.
 */
export function otxGeneralWithinTlp<G extends OtxGeneralInput>(
  general: G,
  maxTlp: CtimTlp,
): { general: G; dropped: number } {
  const info: unknown = isRecord(general) ? general.pulse_info : undefined;
  if (maxTlp === 'red' || !isRecord(info)) return { general, dropped: 0 };
  const listed = Array.isArray(info.pulses) ? (info.pulses as unknown[]) : [];
  const { kept, dropped } = splitPulsesByTlp(listed, maxTlp);
  const count = typeof info.count === 'number' && Number.isFinite(info.count) ? info.count : 0;
  const unlisted = Math.max(0, count - listed.length);
  const left = dropped.length + unlisted;
  if (left === 0) return { general, dropped: 0 };
  const rest = Object.fromEntries(
    Object.entries(info).filter(([key]) => key !== 'references' && key !== 'related'),
  );
  const pulseInfo = { ...rest, count: kept.length, pulses: kept };
  return { general: { ...general, pulse_info: pulseInfo }, dropped: left };
}
