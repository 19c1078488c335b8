import autocannon from 'autocannon';
import { assertAlive, freePort, startServer, stopServer, type ChildServer } from './child-process';
import { otxRequestCount, type BenchObservable, type BenchStack } from './bench-stack';
import { requestJson } from './http-json';

const CEILING_SCRIPT = 'scripts/bench/ceiling-server.js';

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
 * Runs autocannon against `target` (the relay unless given) with `connections` connections:
 * `LOAD_WARM_UP_S` unmeasured, then `durationS` measured.
 */
export async function runLoad(
  stack: BenchStack,
  spec: LoadSpec,
  durationS: number,
  connections: number,
  target: ChildServer = stack.relay,
): Promise<LoadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.withToken) headers.authorization = `Bearer ${stack.token}`;
  const load = (duration: number) =>
    autocannon({
      url: `${target.url}${spec.path}`,
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
  assertAlive(target);
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

/**
 * Loads plain Fastify answering the relay's own `/refer` answer, as the relay is loaded: what
 * this machine and load generator allow at all, with the relay's work taken out.
 */
async function measureCeiling(
  stack: BenchStack,
  spec: LoadSpec,
  durationS: number,
  connections: number,
): Promise<LoadResult> {
  const answer = await requestJson(`${stack.relay.url}${spec.path}`, {
    method: 'POST',
    body: spec.observables,
  });
  const port = await freePort();
  const server = await startServer(
    'ceiling',
    CEILING_SCRIPT,
    { PORT: String(port), CEILING_ANSWER: JSON.stringify(answer.body) },
    { url: `http://127.0.0.1:${port}`, path: '/ready' },
  );
  try {
    const label = 'plain Fastify, same answer (ceiling)';
    return await runLoad(stack, { ...spec, label }, durationS, connections, server);
  } finally {
    await stopServer(server);
  }
}

/**
 * Loads `/refer` with 8 observables, the same on plain Fastify (the machine's ceiling), then
 * `/observe` with one observable already cached.
 */
export async function measureLoads(
  stack: BenchStack,
  spec: {
    refer: BenchObservable[];
    warmOne: BenchObservable[];
    durationS: number;
    connections: number;
  },
): Promise<{ refer: LoadResult; referCeiling: LoadResult; observe: LoadResult }> {
  const { durationS, connections } = spec;
  const referSpec: LoadSpec = {
    label: '/refer/observables (8)',
    path: '/refer/observables',
    observables: spec.refer,
    withToken: false,
  };
  const refer = await runLoad(stack, referSpec, durationS, connections);
  const referCeiling = await measureCeiling(stack, referSpec, durationS, connections);
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
  return { refer, referCeiling, observe };
}
