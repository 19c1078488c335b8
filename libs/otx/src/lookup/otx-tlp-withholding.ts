import { otxGeneralWithinTlp, splitPulsesByTlp } from '@app/ctim';
import type { OtxGeneral, OtxTlp } from '../otx.types';

/**
 * The maximum-TLP policy of one lookup (contract §16, `OTX_MAX_TLP`): each `general` answer
 * loses the pulses marked above `maxTlp` before anything reads it, so that no pulse walk, no
 * entity and no verdict comes from them; and the pulses left out are counted once each
 * across the request's indicators, for its one warning. Answers read from the cache are
 * filtered the same way (the cache keeps OTX's answer whole: the policy is the relay's).
 */
export class TlpWithholding {
  private readonly ids = new Set<string>();
  private uncountable = 0;

  constructor(private readonly maxTlp: OtxTlp) {}

  /** `general` without the pulses above the maximum; the same object when none is. */
  apply(general: OtxGeneral | null): OtxGeneral | null {
    if (general === null || this.maxTlp === 'red') return general;
    const within = otxGeneralWithinTlp(general, this.maxTlp);
    if (within.dropped === 0) return general;
    const listed: unknown = general.pulse_info?.pulses;
    const { dropped } = splitPulsesByTlp(Array.isArray(listed) ? listed : [], this.maxTlp);
    for (const pulse of dropped) {
      const id: unknown = (pulse as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id !== '') this.ids.add(id);
      else this.uncountable++;
    }
    // Pulses OTX counted without listing them have no readable TLP: they are left out too.
    this.uncountable += within.dropped - dropped.length;
    return within.general;
  }

  /** Pulses left out so far: each listed pulse once, however many indicators listed it. */
  get count(): number {
    return this.ids.size + this.uncountable;
  }
}
