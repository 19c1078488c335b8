import type { HeavyResults, PageSizeResult } from './heavy-workload';
import type { LoadResult } from './load-runs';
import { REFER_SHARE_TARGET, referShare, type ReferRound } from './refer-share';
import type { MachineInfo } from './machine-info';
import { median, type BatchResult, type ObserveRun } from './observe-batches';

/** Everything one run measured, and how. */
export interface BenchResults {
  machine: MachineInfo;
  runSeconds: number;
  light?: LightResults;
  heavy?: HeavyResults;
}

/** The light workload: many small pulses, cold and warm batches, load. */
export interface LightResults {
  latencyMs: number;
  otxConcurrency: number;
  sequentialRoundTrips: number;
  corpus: { observables: number; pulsesPerObservable: number; matchPage: number; pageSize: number };
  relayEnv: Record<string, string>;
  /** Node options of the relay (none: its own). */
  relayNodeArgs: string[];
  warmRepeats: number;
  durationS: number;
  connections: number;
  batches: BatchResult[];
  refer: LoadResult;
  /** Plain Fastify answering the same /refer body under the same load. */
  referCeiling: LoadResult;
  /** A bare Nest route answering the same /refer body under the same load. */
  referNest: LoadResult;
  /** /refer and the bare Nest route loaded in turns: issue 10's share is their median. */
  referRounds: ReferRound[];
  observe: LoadResult;
  peakRssBytes: number | undefined;
}

/** A target of an issue, with the figure measured for it. */
export interface TargetCheck {
  issue: number;
  target: string;
  figure: string;
  /** undefined when the run did not measure it. */
  met: boolean | undefined;
}

const MB = 1_000_000;
const MIB = 2 ** 20;
/** Issue 10: peak RSS of the relay on the heavy batch and on the 1000-observable light batch. */
export const RSS_LIMIT_BYTES = 256 * MIB;
/** Issue 10: the heavy batch within this factor of the bare reference client. */
export const HEAVY_RATIO_LIMIT = 1.5;
/** Issue 10: /refer req/s at least this share of the bare Nest route's. */

const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;

/** The floor of a cold run: max(sequential round trips × latency, requests × latency ÷ concurrency). */
export function floorMs(results: LightResults, run: ObserveRun): number {
  const { latencyMs, otxConcurrency, sequentialRoundTrips } = results;
  return Math.max(sequentialRoundTrips * latencyMs, (run.otxRequests * latencyMs) / otxConcurrency);
}

/** Wall time over floor, or undefined when the floor is 0 (no latency). */
export function floorRatio(results: LightResults, run: ObserveRun): number | undefined {
  const floor = floorMs(results, run);
  return floor > 0 ? run.ms / floor : undefined;
}

/** Median relay batch time over median reference time at one page size. */
export function heavyRatio(size: PageSizeResult): number {
  return median(size.relay.map((r) => r.ms)) / median(size.reference.map((r) => r.ms));
}

/** Highest VmHWM of the relays of one page size, or undefined without /proc. */
export function heavyPeakRss(size: PageSizeResult): number | undefined {
  const all = size.relay.map((r) => r.peakRssBytes);
  return all.some((b) => b === undefined) ? undefined : Math.max(...(all as number[]));
}

/** Checks the figures against the issues' targets (never throws: a bench, not a test). */
export function checkTargets(r: BenchResults): TargetCheck[] {
  return [...(r.light ? lightTargets(r.light) : []), ...(r.heavy ? heavyTargets(r.heavy) : [])];
}

function lightTargets(r: LightResults): TargetCheck[] {
  const hundred = r.batches.find((b) => b.size === 100);
  const ratio = hundred && floorRatio(r, hundred.cold);
  const warmOtx = r.batches.reduce((n, b) => n + b.warm.reduce((m, w) => m + w.otxRequests, 0), 0);
  const over = r.batches.filter((b) => b.cold.otxRequests > b.pythonRequests);
  const rss = r.peakRssBytes;
  const thousand = r.batches.find((b) => b.size === 1000);
  const thousandRss = thousand?.relayPeakRssBytes;
  const single = r.referNest.requestsPerS > 0 ? r.refer.requestsPerS / r.referNest.requestsPerS : 0;
  const share = r.referRounds.length > 0 ? referShare(r.referRounds) : single;
  const rps = (l: LoadResult) => Math.round(l.requestsPerS).toLocaleString('en-US');
  return [
    {
      issue: 3,
      target: 'Cold 100-observable batch ≤ 1.5× floor',
      figure: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}× floor`,
      met: ratio === undefined ? undefined : ratio <= 1.5,
    },
    {
      issue: 3,
      target: 'Warm repeats make 0 OTX requests',
      figure: `${warmOtx} in batch repeats, ${r.observe.otxRequests} under /observe load`,
      met: warmOtx === 0 && r.observe.otxRequests === 0,
    },
    {
      issue: 3,
      target: 'Warm repeat of any batch answers within 10 ms at p50',
      figure: r.batches
        .map((b) => `${b.size}: ${median(b.warm.map((w) => w.ms)).toFixed(1)} ms`)
        .join(', '),
      met: r.batches.every((b) => b.warm.length > 0 && median(b.warm.map((w) => w.ms)) <= 10),
    },
    {
      issue: 3,
      target: 'Warm /observe (1 observable) p50 ≤ 10 ms under load (beyond the issue)',
      figure: `p50 ${r.observe.p50Ms} ms at ${r.connections} connections${sequentialWarm(r)}`,
      met: r.observe.p50Ms <= 10,
    },
    {
      issue: 3,
      target: "Cold batches ask OTX no more than the Python relay's algorithm",
      figure: over.length
        ? `over in batches ${over.map((b) => b.size).join(', ')}`
        : r.batches.map((b) => `${b.cold.otxRequests}/${b.pythonRequests}`).join(', '),
      met: over.length === 0,
    },
    {
      issue: 3,
      target: '/refer/observables ≥ 15,000 req/s',
      figure:
        `${rps(r.refer)} req/s (same answer, same load: plain Fastify ${rps(r.referCeiling)}, ` +
        `bare Nest route ${rps(r.referNest)})`,
      met: r.refer.requestsPerS >= 15_000,
    },
    {
      issue: 10,
      target: `/refer/observables ≥ ${REFER_SHARE_TARGET}× the bare Nest route's req/s`,
      figure:
        `${share.toFixed(2)}× (median of ${r.referRounds.length} rounds in turns; ` +
        `the single load run above: ${single.toFixed(2)}×)`,
      met: r.referRounds.length > 0 ? share >= REFER_SHARE_TARGET : undefined,
    },
    {
      issue: 3,
      target: "Relay peak RSS < 200 MB (issue 3's light run: batches up to 100, then the loads)",
      figure:
        rss === undefined ? 'not measured (no /proc)' : `${(rss / MB).toFixed(0)} MB (${mib(rss)})`,
      met: rss === undefined ? undefined : rss < 200 * MB,
    },
    {
      issue: 10,
      target: 'Relay peak RSS ≤ 256 MiB on the 1000-observable light batch',
      figure:
        thousand === undefined
          ? 'not measured (no batch of 1000)'
          : thousandRss === undefined
            ? 'not measured (no /proc)'
            : `${mib(thousandRss)} (VmHWM once the batch and its repeats were answered)`,
      met: thousandRss === undefined ? undefined : thousandRss <= RSS_LIMIT_BYTES,
    },
  ];
}

function heavyTargets(h: HeavyResults): TargetCheck[] {
  const base = h.bySize[0];
  const ratio = heavyRatio(base);
  const rss = heavyPeakRss(base);
  const incomplete = heavyIncomplete(h);
  const ms = (runs: { ms: number }[]) => `${(median(runs.map((x) => x.ms)) / 1000).toFixed(2)} s`;
  return [
    {
      issue: 10,
      target: `Heavy ${h.observables}-batch ≤ ${HEAVY_RATIO_LIMIT}× the bare reference client`,
      figure:
        `${ratio.toFixed(2)}× (relay ${ms(base.relay)}, reference ${ms(base.reference)}, ` +
        `medians of ${base.relay.length}, OTX_PAGE_SIZE ${base.pageSize})`,
      met: ratio <= HEAVY_RATIO_LIMIT,
    },
    {
      issue: 10,
      target: `Relay peak RSS ≤ 256 MiB on the heavy ${h.observables}-batch`,
      figure: rss === undefined ? 'not measured (no /proc)' : `${mib(rss)} (highest of the runs)`,
      met: rss === undefined ? undefined : rss <= RSS_LIMIT_BYTES,
    },
    {
      issue: 10,
      target: 'Every heavy answer complete (all sightings, no errors)',
      figure: incomplete.length
        ? incomplete.join('; ')
        : `${h.expectedSightings}/${h.expectedSightings} in every run`,
      met: incomplete.length === 0,
    },
  ];
}

/** Heavy runs whose answers lacked sightings or carried errors. */
export function heavyIncomplete(h: HeavyResults): string[] {
  return h.bySize.flatMap((size) =>
    size.relay
      .filter((run) => run.sightings !== h.expectedSightings || run.errors.length > 0)
      .map(
        (run) =>
          `page size ${size.pageSize}: ${run.sightings}/${h.expectedSightings} sightings` +
          (run.errors.length ? `, errors ${[...new Set(run.errors)].join(', ')}` : ''),
      ),
  );
}

// The warm batch of 1 asked one request at a time, for comparison with the loaded figure.
function sequentialWarm(r: LightResults): string {
  const one = r.batches.find((b) => b.size === 1);
  if (!one || one.warm.length === 0) return '';
  return ` (one at a time: ${median(one.warm.map((w) => w.ms)).toFixed(1)} ms)`;
}

/** Batches whose answers lack matches or carry errors: fast but wrong is not fast. */
export function correctnessNotes(r: LightResults): string[] {
  const notes: string[] = [];
  for (const b of r.batches) {
    for (const [label, run] of [
      ['cold', b.cold],
      ...b.warm.map((w) => ['warm', w] as const),
    ] as const) {
      if (run.sightings !== b.expectedSightings || run.errors.length > 0) {
        const codes = [...new Set(run.errors)].join(', ');
        notes.push(
          `batch ${b.size} ${label}: ${run.sightings}/${b.expectedSightings} sightings` +
            (run.errors.length ? `, ${run.errors.length} errors (${codes})` : ''),
        );
      }
    }
  }
  return [...new Set(notes)];
}
