import autocannon from 'autocannon';
import { assertAlive } from './child-process';
import { otxRequestCount, type BenchObservable, type BenchStack } from './bench-stack';

/** Throughput and latency of one endpoint under constant concurrency. */
export interface LoadResult {
  label: string;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  otxRequests: number;
}

/** What to hammer. */
export interface LoadSpec {
  label: string;
  path: string;
  observables: BenchObservable[];
  withToken: boolean;
}

/** How long each endpoint is loaded, unmeasured, before its measured run (JIT warm-up). */
export const LOAD_WARM_UP_S = 2;

/**
 * Runs autocannon against the relay with `connections` connections: `LOAD_WARM_UP_S`
 * unmeasured, then `durationS` measured.
 */
export async function runLoad(
  stack: BenchStack,
  spec: LoadSpec,
  durationS: number,
  connections: number,
): Promise<LoadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.withToken) headers.authorization = `Bearer ${stack.token}`;
  const load = (duration: number) =>
    autocannon({
      url: `${stack.relay.url}${spec.path}`,
      method: 'POST',
      headers,
      body: JSON.stringify(spec.observables),
      connections,
      duration,
      timeout: 30,
    });
  await load(LOAD_WARM_UP_S);
  const before = await otxRequestCount(stack.sim);
  const result = await load(durationS);
  const otxRequests = (await otxRequestCount(stack.sim)) - before;
  assertAlive(stack.relay);
  return {
    label: spec.label,
    requestsPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    otxRequests,
  };
}

/** Loads `/refer` with 8 observables, then `/observe` with one observable already cached. */
export async function measureLoads(
  stack: BenchStack,
  spec: {
    refer: BenchObservable[];
    warmOne: BenchObservable[];
    durationS: number;
    connections: number;
  },
): Promise<{ refer: LoadResult; observe: LoadResult }> {
  const { durationS, connections } = spec;
  const refer = await runLoad(
    stack,
    {
      label: '/refer/observables (8)',
      path: '/refer/observables',
      observables: spec.refer,
      withToken: false,
    },
    durationS,
    connections,
  );
  const observe = await runLoad(
    stack,
    {
      label: '/observe/observables (1, warm)',
      path: '/observe/observables',
      observables: spec.warmOne,
      withToken: true,
    },
    durationS,
    connections,
  );
  return { refer, observe };
}
