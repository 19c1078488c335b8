import { stopServer } from './child-process';
import type { BenchObservable, BenchStack } from './bench-stack';
import { referLoadSpec, runLoad, startReference, type LoadResult } from './load-runs';
import { median } from './observe-batches';

/** Issue 10: the relay's /refer makes at least this share of a bare Nest route's req/s. */
export const REFER_SHARE_TARGET = 0.6;

/** One turn of `--only refer`: the relay loaded, then the bare Nest route. */
export interface ReferRound {
  relay: LoadResult;
  nest: LoadResult;
}

/**
 * `--only refer`: the relay's /refer and a bare Nest route answering the same body, loaded in
 * turns, `rounds` times. Turns rather than one run each: on a shared machine the load of the
 * moment moves both figures, and their ratio within a round moves much less.
 */
export async function measureReferRounds(
  stack: BenchStack,
  spec: { observables: BenchObservable[]; durationS: number; connections: number; rounds: number },
): Promise<ReferRound[]> {
  const load = referLoadSpec(spec.observables);
  const { server, label } = await startReference('nest', stack, load);
  try {
    const rounds: ReferRound[] = [];
    for (let i = 0; i < spec.rounds; i++) {
      const relay = await runLoad(stack, load, spec.durationS, spec.connections);
      const nest = await runLoad(
        stack,
        { ...load, label },
        spec.durationS,
        spec.connections,
        server,
      );
      rounds.push({ relay, nest });
    }
    return rounds;
  } finally {
    await stopServer(server);
  }
}

const cpu = (l: LoadResult) => l.serverCpuUsPerRequest;
const cpuText = (us: number | undefined) => (us === undefined ? 'n/a' : `${Math.round(us)} µs`);
const rps = (l: LoadResult) => Math.round(l.requestsPerS).toLocaleString('en-US');
const times = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(2)}×`);

function cpuRatio(round: ReferRound): number | undefined {
  const [relay, nest] = [cpu(round.relay), cpu(round.nest)];
  return relay === undefined || nest === undefined || nest === 0 ? undefined : relay / nest;
}

/** The median over the rounds of the relay's req/s over the bare route's. */
export function referShare(rounds: ReferRound[]): number {
  return median(rounds.map((r) => r.relay.requestsPerS / Math.max(r.nest.requestsPerS, 1)));
}

/** The rounds as Markdown, with the median share against the target. */
export function renderReferRounds(
  rounds: ReferRound[],
  load?: { before: number; after: number },
  heading = '##',
): string {
  const rows = rounds.map((r, i) => [
    String(i + 1),
    rps(r.relay),
    cpuText(cpu(r.relay)),
    rps(r.nest),
    cpuText(cpu(r.nest)),
    times(r.relay.requestsPerS / Math.max(r.nest.requestsPerS, 1)),
    times(cpuRatio(r)),
  ]);
  const head = ['Round', 'Relay req/s', 'Relay CPU', 'Bare Nest req/s', 'Bare Nest CPU'];
  const table = [[...head, 'Share', 'CPU ratio'], head.map(() => '---').concat('---', '---')]
    .concat(rows)
    .map((r) => `| ${r.join(' | ')} |`);
  const share = referShare(rounds);
  const cpuRatios = rounds.map(cpuRatio).filter((x): x is number => x !== undefined);
  return [
    `${heading} /refer/observables beside a bare Nest route (issue 10)`,
    '',
    ...table,
    '',
    `Median share ${times(share)} (target ≥ ${REFER_SHARE_TARGET}×: ` +
      `${share >= REFER_SHARE_TARGET ? 'met' : 'not met'}); median CPU per answer ` +
      `${times(cpuRatios.length ? median(cpuRatios) : undefined)} the bare route's.`,
    ...(load ? [`Load average (1 min): ${load.before} before, ${load.after} after.`] : []),
    '',
  ].join('\n');
}
