import autocannon from 'autocannon';
import {
  assertAlive,
  freePort,
  procCpuMs,
  startServer,
  stopServer,
  type ChildServer,
} from './child-process';
import { otxRequestCount, type BenchObservable, type BenchStack } from './bench-stack';
import { requestJson } from './http-json';

/** Servers that answer the relay's own /refer answer, to read the relay's figure against. */
const REFERENCE_SERVERS = {
  fastify: {
    script: 'scripts/bench/ceiling-server.js',
    label: 'plain Fastify, same answer (ceiling)',
  },
  nest: { script: 'scripts/bench/nest-floor-server.js', label: 'bare Nest route, same answer' },
} as const;

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
  /** CPU time the server used per answer in the measured run (µs), when /proc tells. */
  serverCpuUsPerRequest: number | undefined;
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
  const cpuBefore = procCpuMs(target.pid);
  const result = await load(durationS);
  const cpuAfter = procCpuMs(target.pid);
  const otxRequests = (await otxRequestCount(stack.sim)) - before;
  assertAlive(target);
  const cpuMs =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return {
    label: spec.label,
    requestsPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    otxRequests,
    serverCpuUsPerRequest:
      cpuMs === undefined || result.requests.total === 0
        ? undefined
        : (cpuMs * 1000) / result.requests.total,
  };
}

/**
 * Starts a server answering the relay's own answer to `spec`: plain Fastify (what this machine
 * and load generator allow at all) or a bare Nest route (what Nest itself costs), with the
 * relay's own work taken out. The caller stops it.
 */
export async function startReference(
  kind: keyof typeof REFERENCE_SERVERS,
  stack: BenchStack,
  spec: LoadSpec,
): Promise<{ server: ChildServer; label: string }> {
  const { script, label } = REFERENCE_SERVERS[kind];
  const answer = await requestJson(`${stack.relay.url}${spec.path}`, {
    method: 'POST',
    body: spec.observables,
  });
  const port = await freePort();
  const server = await startServer(
    kind,
    script,
    { PORT: String(port), CEILING_ANSWER: JSON.stringify(answer.body) },
    { url: `http://127.0.0.1:${port}`, path: '/ready' },
  );
  return { server, label };
}

/** Loads a reference server (see {@link startReference}) as the relay is loaded. */
async function measureReference(
  kind: keyof typeof REFERENCE_SERVERS,
  stack: BenchStack,
  spec: LoadSpec,
  durationS: number,
  connections: number,
): Promise<LoadResult> {
  const { server, label } = await startReference(kind, stack, spec);
  try {
    return await runLoad(stack, { ...spec, label }, durationS, connections, server);
  } finally {
    await stopServer(server);
  }
}

/** `/refer/observables` with `observables`, as every /refer load run sends it. */
export function referLoadSpec(observables: BenchObservable[]): LoadSpec {
  return {
    label: `/refer/observables (${observables.length})`,
    path: '/refer/observables',
    observables,
    withToken: false,
  };
}

/**
 * Loads `/refer` with 8 observables, the same answer from plain Fastify (the machine's ceiling)
 * and from a bare Nest route, then `/observe` with one observable already cached.
 */
export async function measureLoads(
  stack: BenchStack,
  spec: {
    refer: BenchObservable[];
    warmOne: BenchObservable[];
    durationS: number;
    connections: number;
  },
): Promise<{
  refer: LoadResult;
  referCeiling: LoadResult;
  referNest: LoadResult;
  observe: LoadResult;
}> {
  const { durationS, connections } = spec;
  const referSpec = referLoadSpec(spec.refer);
  const refer = await runLoad(stack, referSpec, durationS, connections);
  const referCeiling = await measureReference('fastify', stack, referSpec, durationS, connections);
  const referNest = await measureReference('nest', stack, referSpec, durationS, connections);
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
  return { refer, referCeiling, referNest, observe };
}
