import { OtxException } from '../otx.exception';
import type {
  OtxGeneral,
  OtxIndicatorLookup,
  OtxLookupOptions,
  OtxLookupProblem,
  OtxLookupResult,
  OtxObservable,
  OtxPulse,
  OtxPulseMultiResult,
} from '../otx.types';
import { groupObservables, PulseWalk } from './otx-lookup-plan';
import { OtxMatchTarget } from './otx-match-target';
import { selectPulses } from './otx-pulse-selection';
import { PulseWalkBatcher } from './pulse-walk-batcher';
import { TlpWithholding } from './otx-tlp-withholding';

/** The calls a lookup makes through its session; `priority`: lower goes first when calls queue. */
export interface OtxLookupSteps {
  general(indicator: OtxIndicatorLookup, priority: number): Promise<OtxGeneral | null>;
  walk(pulseId: string, targets: OtxMatchTarget[], priority: number): Promise<OtxPulseMultiResult>;
  /** Epoch ms; `Infinity` for none. */
  readonly deadlineAt: number;
}

// Batching pulse walks may spend at most this share of the time left before the deadline.
const GRACE_SHARE_OF_DEADLINE = 0.1;

/** One lookup's bookkeeping while it runs. */
class LookupRun {
  readonly problems: OtxLookupProblem[] = [];
  readonly unfinished = new Set<OtxIndicatorLookup>();
  /** Where each pulse stands in an indicator's `general` list: ties of `created` keep it. */
  readonly pulseOrder = new Map<OtxIndicatorLookup, Map<string, number>>();

  constructor(readonly indicators: OtxIndicatorLookup[]) {}

  /** The request order of the earliest indicator among `indicators`. */
  priority(...indicators: OtxIndicatorLookup[]): number {
    return Math.min(...indicators.map((i) => this.indicators.indexOf(i)));
  }

  /** A deadline cut lists the indicators once; other failures are problems as they are. */
  failed(error: unknown, problem: OtxLookupProblem, indicators: OtxIndicatorLookup[]): void {
    if (error instanceof OtxException && error.code === 'DEADLINE') {
      for (const i of indicators) this.unfinished.add(i);
    } else {
      this.problems.push(problem);
    }
  }
}

/** A request's whole OTX lookup (contract §6.4): see {@link OtxSession.lookupMany}. */
export async function lookupMany(
  steps: OtxLookupSteps,
  observables: OtxObservable[],
  options: OtxLookupOptions = {},
): Promise<OtxLookupResult> {
  const run = new LookupRun(groupObservables(observables));
  const tlp = new TlpWithholding(options.maxTlp ?? 'red');
  const startedAt = Date.now();
  const maxGraceMs = (steps.deadlineAt - startedAt) * GRACE_SHARE_OF_DEADLINE;
  const batcher = new PulseWalkBatcher(
    run.indicators.length,
    startedAt,
    (walk) => walkOne(steps, run, walk),
    100,
    maxGraceMs,
  );
  await Promise.all(
    run.indicators.map(async (indicator) => {
      let pulses: OtxPulse[] = [];
      try {
        // Before any pulse is chosen: no call is spent on a pulse the policy leaves out.
        indicator.general = tlp.apply(await steps.general(indicator, run.priority(indicator)));
        if (options.walk !== false) pulses = selectPulses(indicator.general, indicator.type);
      } catch (error) {
        const problem = { kind: 'general', indicator, error } as const;
        run.failed(error, problem, [indicator]);
      }
      run.pulseOrder.set(indicator, new Map(pulses.map((p, k) => [p.id, k])));
      batcher.answered(indicator, pulses);
    }),
  );
  await batcher.done();
  for (const indicator of run.indicators) {
    const order = run.pulseOrder.get(indicator);
    indicator.memberships.sort(
      (a, b) =>
        newestFirst(a.match.created, b.match.created) ||
        (order?.get(a.pulse.id) ?? 0) - (order?.get(b.pulse.id) ?? 0),
    );
    indicator.complete = !run.unfinished.has(indicator);
  }
  const unfinished = run.indicators.filter((i) => run.unfinished.has(i));
  return {
    indicators: run.indicators,
    problems: run.problems,
    unfinished,
    withheldPulses: tlp.count,
  };
}

/** Walks one pulse once for every indicator that listed it; a failure costs only this pulse. */
async function walkOne(steps: OtxLookupSteps, run: LookupRun, walk: PulseWalk): Promise<void> {
  const { pulse, indicators } = walk;
  const targets = indicators.map((i) => ({ kind: i.type, value: i.canonical }));
  try {
    const result = await steps.walk(pulse.id, targets, run.priority(...indicators));
    for (const indicator of indicators) {
      const match = result.matches.get(indicator.canonical);
      const failure = result.failures.find((f) => f.value === indicator.canonical);
      if (match) indicator.memberships.push({ pulse, match });
      else if (failure) {
        run.problems.push({ kind: 'record', pulse, indicator, detail: failure.detail });
      } else if (!result.complete) run.problems.push({ kind: 'page-cap', pulse, indicator });
    }
  } catch (error) {
    const problem = { kind: 'walk', pulse, indicators, error } as const;
    run.failed(error, problem, indicators);
  }
}

/** OTX's naive UTC times compare as strings; newest first. */
function newestFirst(x: string, y: string): number {
  return x < y ? 1 : x > y ? -1 : 0;
}
