import { canonicalValue, type CorpusEntry } from '../fixtures/corpus';
import { buildPulse, ind, type IndicatorSpec } from '../fixtures/pulse.builder';
import type { SimIndicatorType, SimPulse } from '../fixtures/sim-corpus.types';
import { detailSlugOfType, slugOfType, type OtxSlug } from '../otx/otx-vocabulary';
import { listingOfPulse, listingOrder, type PulseListing } from '../otx/pulse-listing';
import { BENCH_INDICATOR_TYPE, benchObservable, benchObservables } from './bench-observables';
import { fillerValue } from './bench-fillers';

/** Where a heavy pulse lists its observable's own record in `sort=-created` order. */
export type BenchMatchAt = 'last' | 'first';

/** Shape of the synthetic bench corpus. */
export interface BenchCorpusSpec {
  /** How many observables (0 turns the corpus off). */
  observables: number;
  /** Pulses that list each observable. */
  pulsesPerObservable: number;
  /** The simulator's page cap (`maxPageSize`). */
  pageSize: number;
  /**
   * Indicators of each pulse. 0: the light shape, `pageSize` newer indicators, the match, then
   * `pageSize` older ones. Otherwise the heavy shape: this many, the match among them.
   */
  pulseSize: number;
  /** Heavy shape: the match is the oldest record (`last`) or the newest (`first`). */
  matchAt: BenchMatchAt;
}

/** What `GET /_sim/bench-observables` answers. */
export interface BenchCorpusInfo {
  observables: { type: string; value: string }[];
  pulsesPerObservable: number;
  /** Page that holds the match with `sort=-created` when pages are `pageSize` long. */
  matchPage: number;
  pageSize: number;
  /** Indicators of each pulse (the light shape: 2 × `pageSize` + 1). */
  pulseSize: number;
  /** Position of the match in `sort=-created` order. */
  matchAt: BenchMatchAt | 'middle';
}

// Pulse `seq` numbers of the fixtures stay far below this, so indicator ids never collide.
const SEQ_BASE = 1000;
// Heavy records' ids start here, past every fixture and light bench id.
const HEAVY_ID_BASE = 5_000_000_000;
const EPOCH = Date.parse('2024-02-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/**
 * A deterministic corpus for benchmarks, beside the fixtures: observable `k` is listed by
 * `general` in `pulsesPerObservable` pulses of its own, all of its type.
 *
 * Light shape: each pulse holds `pageSize` newer host names, the match, then `pageSize` older
 * ones, so the match is on page 2 whether the pages come in id order, `sort=-created` or
 * `sort=created`. Pulses are built on demand.
 *
 * Heavy shape (real pulses hold thousands of indicators): each pulse holds `pulseSize` records
 * of the observable's own type, created a second apart, ids in created order; the match is the
 * oldest (`matchAt: 'last'`, so with `sort=-created` it is the last record of the last page) or
 * the newest. No pulse is ever held as objects: a record is made from its position when a page
 * is built.
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
      this.spec.pulseSize > 0 ? this.heavySummary(k, j) : this.lightPulse(k, j),
    );
    const baseType = BENCH_INDICATOR_TYPE[benchObservable(k).type];
    return { indicator: canonical, baseType, pulses, validation: [] };
  }

  /** The records of a bench pulse as `query` lists them, or undefined for another id. */
  listing(id: string, query: URLSearchParams): PulseListing | undefined {
    const match = BENCH_PULSE_ID.exec(id);
    if (!match) return undefined;
    const [k, j] = [parseInt(match[1], 16), parseInt(match[2], 16)];
    if (k >= this.spec.observables || j >= this.spec.pulsesPerObservable) return undefined;
    if (this.spec.pulseSize === 0) return listingOfPulse(this.lightPulse(k, j), query);
    return this.heavyListing(k, j, query);
  }

  /** The observables and where their matches are. */
  info(): BenchCorpusInfo {
    const { pulseSize, pageSize, matchAt } = this.spec;
    const heavy = pulseSize > 0;
    return {
      observables: benchObservables(this.spec.observables),
      pulsesPerObservable: this.spec.pulsesPerObservable,
      matchPage: !heavy ? 2 : matchAt === 'first' ? 1 : Math.ceil(pulseSize / pageSize),
      pageSize,
      pulseSize: heavy ? pulseSize : 2 * pageSize + 1,
      matchAt: heavy ? matchAt : 'middle',
    };
  }

  private lightPulse(k: number, j: number): SimPulse {
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
      ...pulseText(k, j),
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

  /**
   * A heavy pulse as `general` summarises it: its counts and its related type are given, since
   * its records are never held (the match is named in `generalOnly`, which is what `general`
   * reads, while the pages come from {@link heavyListing}).
   */
  private heavySummary(k: number, j: number): SimPulse {
    const { pulseSize } = this.spec;
    const { value, type } = benchObservable(k);
    const indicatorType = BENCH_INDICATOR_TYPE[type];
    const stamp = `${iso(this.heavyStart(k, j) + pulseSize * 1000)}.000000`;
    const pulse = buildPulse(SEQ_BASE, `bench/${k}/${j}`, {
      ...pulseText(k, j),
      created: stamp,
      modified: stamp,
      indicators: [],
      generalOnly: [{ value, type: indicatorType }],
      typeCountsOverride: { [indicatorType]: pulseSize },
    });
    return { ...pulse, id: benchPulseId(k, j) };
  }

  private heavyListing(k: number, j: number, query: URLSearchParams): PulseListing {
    const { pulseSize: n, pulsesPerObservable, matchAt } = this.spec;
    const { value, type } = benchObservable(k);
    const indicatorType: SimIndicatorType = BENCH_INDICATOR_TYPE[type];
    const id = benchPulseId(k, j);
    const start = this.heavyStart(k, j);
    const firstId = HEAVY_ID_BASE + (k * pulsesPerObservable + j) * n;
    // `rank` 0 is the oldest record (lowest id); the match is rank 0 or n - 1.
    const matchRank = matchAt === 'last' ? 0 : n - 1;
    const newestFirst = listingOrder(query) === 'newest-first';
    const record = heavyRecordWriter(id, indicatorType);
    const created = isoWriter();
    return {
      count: n,
      recordJson: (position) => {
        const rank = newestFirst ? n - 1 - position : position;
        // Fillers are numbered apart from the match, so every pulse holds fillers 0 … n-2.
        const indicator =
          rank === matchRank
            ? value
            : fillerValue(indicatorType, rank < matchRank ? rank : rank - 1);
        return record(firstId + rank, indicator, created(start + rank * 1000));
      },
    };
  }

  /** When the oldest record of heavy pulse (k, j) was created: each pulse owns its window. */
  private heavyStart(k: number, j: number): number {
    const slot = k * this.spec.pulsesPerObservable + j;
    return EPOCH + slot * (this.spec.pulseSize + 1) * 1000;
  }
}

/** `iso` for times that mostly fall on the same day: the date part is made once a day. */
function isoWriter(): (ms: number) => string {
  let day = NaN;
  let prefix = '';
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return (ms) => {
    const d = Math.floor(ms / 86_400_000);
    if (d !== day) [day, prefix] = [d, iso(d * 86_400_000).slice(0, 11)];
    const s = Math.floor((ms - d * 86_400_000) / 1000);
    return `${prefix}${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  };
}

/**
 * Writes heavy records as {@link pulseRecord} would serialise them, from a template: a page
 * holds thousands, and this is most of the cost of building one. `indicator` and `created` must
 * need no JSON escape (bench values never do).
 */
export function heavyRecordWriter(
  pulseKey: string,
  type: SimIndicatorType,
): (id: number, indicator: string, created: string) => string {
  const middle = `","type":"${type}","created":"`;
  const tail =
    '","content":"","title":"","description":"","expiration":null,"is_active":1,' +
    `"pulse_key":"${pulseKey}","false_positive":{"assessment":null,"assessment_date":null,` +
    `"report_date":null},"slug":"${detailSlugOfType(type)}"}`;
  return (id, indicator, created) =>
    `{"id":${id},"indicator":"${indicator}${middle}${created}${tail}`;
}

function pulseText(k: number, j: number) {
  const { type } = benchObservable(k);
  return { name: `Bench pulse ${j + 1} of ${type} #${k}`, tlp: 'white' as const, tags: ['bench'] };
}

// 24 hex like OTX's ids, with the observable and pulse numbers in it: no index to keep.
const BENCH_PULSE_ID = /^be4c([0-9a-f]{12})([0-9a-f]{8})$/;

/** The id of pulse `j` of bench observable `k`. */
export function benchPulseId(k: number, j: number): string {
  return `be4c${k.toString(16).padStart(12, '0')}${j.toString(16).padStart(8, '0')}`;
}
