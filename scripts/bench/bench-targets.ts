import type { LoadResult } from './load-runs';
import { REFER_SHARE_TARGET } from './refer-share';
import type { MachineInfo } from './machine-info';
import { median, type BatchResult, type ObserveRun } from './observe-batches';

/** Everything one run measured, and how. */
export interface BenchResults {
  machine: MachineInfo;
  latencyMs: number;
  otxConcurrency: number;
  sequentialRoundTrips: number;
  corpus: { observables: number; pulsesPerObservable: number; matchPage: number; pageSize: number };
  relayEnv: Record<string, string>;
  warmRepeats: number;
  durationS: number;
  connections: number;
  batches: BatchResult[];
  refer: LoadResult;
  /** Plain Fastify answering the same /refer body under the same load. */
  referCeiling: LoadResult;
  /** A bare Nest route answering the same /refer body under the same load. */
  referNest: LoadResult;
  observe: LoadResult;
  peakRssBytes: number | undefined;
  runSeconds: number;
}

/** A target of issue 3, with the figure measured for it. */
export interface TargetCheck {
  target: string;
  figure: string;
  /** undefined when the run did not measure it. */
  met: boolean | undefined;
}

const MB = 1_000_000;

/** The floor of a cold run: max(sequential round trips × latency, requests × latency ÷ concurrency). */
export function floorMs(results: BenchResults, run: ObserveRun): number {
  const { latencyMs, otxConcurrency, sequentialRoundTrips } = results;
  return Math.max(sequentialRoundTrips * latencyMs, (run.otxRequests * latencyMs) / otxConcurrency);
}

/** Wall time over floor, or undefined when the floor is 0 (no latency). */
export function floorRatio(results: BenchResults, run: ObserveRun): number | undefined {
  const floor = floorMs(results, run);
  return floor > 0 ? run.ms / floor : undefined;
}

/** Checks the figures against the targets (never throws: a bench, not a test). */
export function checkTargets(r: BenchResults): TargetCheck[] {
  const hundred = r.batches.find((b) => b.size === 100);
  const ratio = hundred && floorRatio(r, hundred.cold);
  const warmOtx = r.batches.reduce((n, b) => n + b.warm.reduce((m, w) => m + w.otxRequests, 0), 0);
  const over = r.batches.filter((b) => b.cold.otxRequests > b.pythonRequests);
  const rss = r.peakRssBytes;
  return [
    {
      target: 'Cold 100-observable batch ≤ 1.5× floor',
      figure: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}× floor`,
      met: ratio === undefined ? undefined : ratio <= 1.5,
    },
    {
      target: 'Warm repeats make 0 OTX requests',
      figure: `${warmOtx} in batch repeats, ${r.observe.otxRequests} under /observe load`,
      met: warmOtx === 0 && r.observe.otxRequests === 0,
    },
    {
      target: 'Warm repeat of any batch answers within 10 ms at p50',
      figure: r.batches
        .map((b) => `${b.size}: ${median(b.warm.map((w) => w.ms)).toFixed(1)} ms`)
        .join(', '),
      met: r.batches.every((b) => b.warm.length > 0 && median(b.warm.map((w) => w.ms)) <= 10),
    },
    {
      target: 'Warm /observe (1 observable) p50 ≤ 10 ms under load (beyond the issue)',
      figure: `p50 ${r.observe.p50Ms} ms at ${r.connections} connections${sequentialWarm(r)}`,
      met: r.observe.p50Ms <= 10,
    },
    {
      target: "Cold batches ask OTX no more than the Python relay's algorithm",
      figure: over.length
        ? `over in batches ${over.map((b) => b.size).join(', ')}`
        : r.batches.map((b) => `${b.cold.otxRequests}/${b.pythonRequests}`).join(', '),
      met: over.length === 0,
    },
    {
      target: '/refer/observables ≥ 15,000 req/s',
      figure:
        `${Math.round(r.refer.requestsPerS).toLocaleString('en-US')} req/s ` +
        `(same answer, same load: plain Fastify ${Math.round(r.referCeiling.requestsPerS).toLocaleString('en-US')}, ` +
        `bare Nest route ${Math.round(r.referNest.requestsPerS).toLocaleString('en-US')})`,
      met: r.refer.requestsPerS >= 15_000,
    },
    referShareCheck(r),
    {
      target: 'Relay peak RSS < 200 MB',
      figure:
        rss === undefined
          ? 'not measured (no /proc)'
          : `${(rss / MB).toFixed(0)} MB (${(rss / 2 ** 20).toFixed(0)} MiB)`,
      met: rss === undefined ? undefined : rss < 200 * MB,
    },
  ];
}

/** Issue 10: /refer beside a bare Nest route answering the same body under the same load. */
function referShareCheck(r: BenchResults): TargetCheck {
  const share = r.refer.requestsPerS / Math.max(r.referNest.requestsPerS, 1);
  const cpu = (l: LoadResult) =>
    l.serverCpuUsPerRequest === undefined ? 'n/a' : `${Math.round(l.serverCpuUsPerRequest)} µs`;
  return {
    target: `/refer/observables ≥ ${REFER_SHARE_TARGET}× the req/s of a bare Nest route (issue 10)`,
    figure:
      `${share.toFixed(2)}× (CPU per answer: relay ${cpu(r.refer)}, ` +
      `bare Nest route ${cpu(r.referNest)})`,
    met: share >= REFER_SHARE_TARGET,
  };
}

// The warm batch of 1 asked one request at a time, for comparison with the loaded figure.
function sequentialWarm(r: BenchResults): string {
  const one = r.batches.find((b) => b.size === 1);
  if (!one || one.warm.length === 0) return '';
  return ` (one at a time: ${median(one.warm.map((w) => w.ms)).toFixed(1)} ms)`;
}

/** Batches whose answers lack matches or carry errors: fast but wrong is not fast. */
export function correctnessNotes(r: BenchResults): string[] {
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
