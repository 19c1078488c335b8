import { setTimeout as sleep } from 'node:timers/promises';
import { assertAlive, procStatusBytes } from './child-process';
import { otxRequestCount, type BenchObservable, type BenchStack } from './bench-stack';
import { requestJson } from './http-json';

/** One `/observe/observables` call and what it cost OTX. */
export interface ObserveRun {
  ms: number;
  otxRequests: number;
  sightings: number;
  /** `code` of each envelope error. */
  errors: string[];
}

/** A batch measured cold once, then warm `warm.length` times. */
export interface BatchResult {
  size: number;
  cold: ObserveRun;
  warm: ObserveRun[];
  /** What the Python relay would ask OTX: general + one page walk per pulse, per observable. */
  pythonRequests: number;
  expectedSightings: number;
  /** The relay's VmHWM once this batch and its repeats were answered. */
  relayPeakRssBytes: number | undefined;
}

// Lets requests the relay sent just before answering reach the simulator's counters.
const SETTLE_MS = 20;

/** Posts one batch and diffs the simulator's counters around it. */
export async function observeOnce(
  stack: BenchStack,
  observables: BenchObservable[],
): Promise<ObserveRun> {
  const before = await otxRequestCount(stack.sim);
  const answer = await requestJson(`${stack.relay.url}/observe/observables`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}` },
    body: observables,
  });
  await sleep(SETTLE_MS);
  const otxRequests = (await otxRequestCount(stack.sim)) - before;
  assertAlive(stack.relay);
  if (answer.status !== 200) throw new Error(`/observe answered HTTP ${answer.status}`);
  const body = answer.body as {
    data?: { sightings?: { docs?: unknown[] } };
    errors?: { code?: string }[];
  };
  return {
    ms: answer.ms,
    otxRequests,
    sightings: body.data?.sightings?.docs?.length ?? 0,
    errors: (body.errors ?? []).map((e) => String(e.code)),
  };
}

/** Cold: the batch's observables were never asked before. Warm: the same batch again. */
export async function measureBatch(
  stack: BenchStack,
  observables: BenchObservable[],
  warmRepeats: number,
): Promise<BatchResult> {
  const { pulsesPerObservable: pulses, matchPage } = stack.corpus;
  const cold = await observeOnce(stack, observables);
  const warm: ObserveRun[] = [];
  for (let i = 0; i < warmRepeats; i++) warm.push(await observeOnce(stack, observables));
  return {
    size: observables.length,
    cold,
    warm,
    pythonRequests: observables.length * (1 + pulses * matchPage),
    expectedSightings: observables.length * pulses,
    relayPeakRssBytes: procStatusBytes(stack.relay.pid, 'VmHWM'),
  };
}

/** Measures batches of `sizes` one after another, each on observables not used before. */
export async function measureBatches(
  stack: BenchStack,
  observables: BenchObservable[],
  sizes: number[],
  warmRepeats: number,
  log: (line: string) => void,
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  let next = 0;
  for (const size of sizes) {
    log(`/observe batch of ${size}: cold, then ${warmRepeats} warm`);
    results.push(await measureBatch(stack, observables.slice(next, next + size), warmRepeats));
    next += size;
  }
  return results;
}

/** Fewest OTX round trips one after another: general, then pages 1 to `matchPage`. */
export function sequentialRoundTrips(stack: BenchStack): number {
  return 1 + stack.corpus.matchPage;
}

/** The median of some numbers (0 for none). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
