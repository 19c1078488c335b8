import { canonicalValue, type CorpusEntry } from '../fixtures/corpus';
import { buildPulse, ind, type IndicatorSpec } from '../fixtures/pulse.builder';
import type { SimPulse } from '../fixtures/sim-corpus.types';
import { slugOfType, type OtxSlug } from '../otx/otx-vocabulary';
import { BENCH_INDICATOR_TYPE, benchObservable, benchObservables } from './bench-observables';

/** Shape of the synthetic bench corpus. */
export interface BenchCorpusSpec {
  /** How many observables (0 turns the corpus off). */
  observables: number;
  /** Pulses that list each observable. */
  pulsesPerObservable: number;
  /** The simulator's page cap: each pulse holds this many indicators before and after the match. */
  pageSize: number;
}

/** What `GET /_sim/bench-observables` answers. */
export interface BenchCorpusInfo {
  observables: { type: string; value: string }[];
  pulsesPerObservable: number;
  /** Page that holds the match in every sort order when pages are `pageSize` long. */
  matchPage: number;
  pageSize: number;
}

// Pulse `seq` numbers of the fixtures stay far below this, so indicator ids never collide.
const SEQ_BASE = 1000;
const EPOCH = Date.parse('2024-02-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/**
 * A deterministic corpus for benchmarks, beside the fixtures: observable `k` is listed by
 * `general` in `pulsesPerObservable` pulses of its own. Each pulse holds `pageSize` newer
 * indicators, the match, then `pageSize` older ones, so the match is on page 2 whether the
 * pages come in id order, `sort=-created` or `sort=created`. Pulses are built on demand.
 */
export class BenchCorpus {
  private readonly byValue = new Map<string, number>();

  constructor(private readonly spec: BenchCorpusSpec) {
    for (let k = 0; k < spec.observables; k++) {
      const { type, value } = benchObservable(k);
      const slug = slugOfType(BENCH_INDICATOR_TYPE[type]) as OtxSlug;
      this.byValue.set(`${slug}|${canonicalValue(slug, value)}`, k);
    }
  }

  /** What `general` knows about a canonical value of the corpus, or undefined. */
  lookup(slug: OtxSlug, canonical: string): CorpusEntry | undefined {
    const k = this.byValue.get(`${slug}|${canonical}`);
    if (k === undefined) return undefined;
    const pulses = Array.from({ length: this.spec.pulsesPerObservable }, (_, j) =>
      this.pulse(k, j),
    );
    const baseType = BENCH_INDICATOR_TYPE[benchObservable(k).type];
    return { indicator: canonical, baseType, pulses, validation: [] };
  }

  /** A bench pulse by its 24-hex id, or undefined. */
  findPulse(id: string): SimPulse | undefined {
    const match = BENCH_PULSE_ID.exec(id);
    if (!match) return undefined;
    const [k, j] = [parseInt(match[1], 16), parseInt(match[2], 16)];
    const known = k < this.spec.observables && j < this.spec.pulsesPerObservable;
    return known ? this.pulse(k, j) : undefined;
  }

  /** The observables and where their matches are. */
  info(): BenchCorpusInfo {
    return {
      observables: benchObservables(this.spec.observables),
      pulsesPerObservable: this.spec.pulsesPerObservable,
      matchPage: 2,
      pageSize: this.spec.pageSize,
    };
  }

  private pulse(k: number, j: number): SimPulse {
    const { pageSize: p, pulsesPerObservable } = this.spec;
    const { type, value } = benchObservable(k);
    const slot = k * pulsesPerObservable + j;
    // Each pulse owns a window of 2p+2 seconds; the match sits in its middle.
    const matchAt = EPOCH + (slot * (2 * p + 2) + p + 1) * 1000;
    const filler = (i: number, offset: number): IndicatorSpec =>
      ind(`f${i}.p${j}.o${k}.bench.example`, 'hostname', iso(matchAt + offset * 1000));
    const newer = Array.from({ length: p }, (_, i) => filler(i, p - i));
    const older = Array.from({ length: p }, (_, i) => filler(p + i, -(i + 1)));
    const stamp = `${iso(matchAt + (p + 1) * 1000)}.000000`;
    const pulse = buildPulse(SEQ_BASE + slot, `bench/${k}/${j}`, {
      name: `Bench pulse ${j + 1} of ${type} #${k}`,
      tlp: 'white',
      tags: ['bench'],
      created: stamp,
      modified: stamp,
      indicators: [
        ...newer,
        ind(value, BENCH_INDICATOR_TYPE[type], iso(matchAt), { description: 'bench match' }),
        ...older,
      ],
    });
    return { ...pulse, id: benchPulseId(k, j) };
  }
}

// 24 hex like OTX's ids, with the observable and pulse numbers in it: no index to keep.
const BENCH_PULSE_ID = /^be4c([0-9a-f]{12})([0-9a-f]{8})$/;

/** The id of pulse `j` of bench observable `k`. */
export function benchPulseId(k: number, j: number): string {
  return `be4c${k.toString(16).padStart(12, '0')}${j.toString(16).padStart(8, '0')}`;
}
