import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from './bench-options';
import {
  mintToken,
  RELAY_DEFAULT_OTX_CONCURRENCY,
  readCorpus,
  startRelay,
  startSim,
  type BenchObservable,
} from './bench-stack';
import {
  assertAlive,
  procCpuMs,
  procStatusBytes,
  stopServer,
  type ChildServer,
} from './child-process';
import { referenceBatch, type ReferenceRun, type ReferenceSpec } from './heavy-reference';
import { requestJson, requestText } from './http-json';

/** The relay's defaults the heavy workload reads (apps/relay/src/config/env.dto.ts). */
export const RELAY_DEFAULT_PAGE_SIZE = 10_000;
export const RELAY_DEFAULT_MAX_PAGES = 10;

/** Observables of each type the relay and the reference warm up on (never measured). */
const WARM_UP = 7;
const SIM_API_KEY = 'test-otx-key';
const BYTES_METRIC = 'relay_otx_response_bytes_total{endpoint="pulse-indicators"}';
// Lets requests sent just before the answer reach the simulator's counters.
const SETTLE_MS = 50;

/** One cold heavy batch through the relay. */
export interface RelayHeavyRun {
  ms: number;
  /** OTX requests the simulator received during the batch (general + pages). */
  otxCalls: number;
  /** `relay_otx_response_bytes_total` growth: page bytes the relay read. */
  bytesRead: number;
  /** Page bytes the simulator's sockets took (the relay may leave some unread). */
  simBytesSent: number;
  sightings: number;
  errors: string[];
  /** VmHWM of this relay process, started for this batch. */
  peakRssBytes: number | undefined;
  /** CPU time the relay and the simulator used during the batch, when /proc tells. */
  relayCpuMs: number | undefined;
  simCpuMs: number | undefined;
}

/** The figures at one `OTX_PAGE_SIZE`. */
export interface PageSizeResult {
  pageSize: number;
  /** `OTX_MAX_PAGES` the relay ran with (raised when pages this small cannot reach the value). */
  maxPages: number;
  maxPagesRaised: boolean;
  relay: RelayHeavyRun[];
  reference: ReferenceRun[];
  /** Pages the simulator built (not from its cache) during the measured runs: should be 0. */
  simPageBuilds: number;
}

/** Everything the heavy workload measured. */
export interface HeavyResults {
  observables: number;
  pulsesPerObservable: number;
  pulseSize: number;
  latencyMs: number;
  otxConcurrency: number;
  expectedSightings: number;
  /** The first is the relay's default page size. */
  bySize: PageSizeResult[];
  simPageCacheMb: number;
  /** Node options the relays ran with (none: the relay's own defaults). */
  relayNodeArgs: string[];
}

interface SimStats {
  requests: number;
  byRoute: { jwks: number };
  bytesSent: { pulseIndicators: number };
  pageCache: { builds: number };
}

/**
 * The heavy workload of issue 10: `observables` mixed observables, each in `pulses` pulses of
 * `pulseSize` indicators with the value last (`sort=-created`), 25 ms a call. For each page
 * size: the reference walks every pulse once unmeasured (the simulator builds its pages into
 * its cache, so that neither measured client waits for a build), then a fresh relay with that
 * `OTX_PAGE_SIZE` answers one cold batch, then the reference walks the same batch; at the
 * default size this pair is repeated `rounds` times.
 */
export async function measureHeavy(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<HeavyResults> {
  const h = options.heavy;
  const corpusSize = WARM_UP + h.observables;
  // Every page of every pulse at one page size, with room for the envelopes.
  const simPageCacheMb = Math.ceil((corpusSize * h.pulses * h.pulseSize * 400) / 2 ** 20) + 64;
  const sim = await startSim('otx-sim-heavy', {
    OTX_SIM_LATENCY_MS: String(options.latencyMs),
    OTX_SIM_BENCH_OBSERVABLES: String(corpusSize),
    OTX_SIM_BENCH_PULSES: String(h.pulses),
    OTX_SIM_BENCH_PULSE_SIZE: String(h.pulseSize),
    OTX_SIM_BENCH_MATCH_AT: 'last',
    OTX_SIM_MAX_PAGE_SIZE: String(Math.max(...h.pageSizes)),
    OTX_SIM_PAGE_CACHE_MB: String(simPageCacheMb),
  });
  try {
    const corpus = await readCorpus(sim.url, corpusSize);
    const warmUp = corpus.observables.slice(0, WARM_UP);
    const batch = corpus.observables.slice(WARM_UP);
    const concurrency = Number(options.relayEnv.OTX_CONCURRENCY ?? RELAY_DEFAULT_OTX_CONCURRENCY);
    const bySize: PageSizeResult[] = [];
    for (const [i, pageSize] of h.pageSizes.entries()) {
      const needed = Math.ceil(h.pulseSize / pageSize);
      const maxPages = Math.max(RELAY_DEFAULT_MAX_PAGES, needed);
      const spec = { simUrl: sim.url, apiKey: SIM_API_KEY, pageSize, maxPages, concurrency };
      log(`heavy: page size ${pageSize}: building the simulator's pages (reference, unmeasured)`);
      await referenceBatch(spec, corpus.observables);
      const buildsBefore = (await simStats(sim)).pageCache.builds;
      const result: PageSizeResult = {
        pageSize,
        maxPages,
        maxPagesRaised: needed > RELAY_DEFAULT_MAX_PAGES,
        relay: [],
        reference: [],
        simPageBuilds: 0,
      };
      const rounds = i === 0 ? h.rounds : 1;
      for (let round = 0; round < rounds; round++) {
        log(`heavy: page size ${pageSize}, round ${round + 1}/${rounds}: relay, then reference`);
        const env: Record<string, string> = { ...options.relayEnv };
        if (pageSize !== RELAY_DEFAULT_PAGE_SIZE) env.OTX_PAGE_SIZE = String(pageSize);
        if (result.maxPagesRaised) env.OTX_MAX_PAGES = String(maxPages);
        const name = `relay-heavy-${pageSize}`;
        result.relay.push(await relayRun(sim, env, options.relayNodeArgs, warmUp, batch, name));
        result.reference.push(await referenceRun(sim, spec, batch));
      }
      result.simPageBuilds = (await simStats(sim)).pageCache.builds - buildsBefore;
      bySize.push(result);
    }
    return {
      observables: batch.length,
      pulsesPerObservable: h.pulses,
      pulseSize: h.pulseSize,
      latencyMs: options.latencyMs,
      otxConcurrency: concurrency,
      expectedSightings: batch.length * h.pulses,
      bySize,
      simPageCacheMb,
      relayNodeArgs: options.relayNodeArgs,
    };
  } finally {
    await stopServer(sim);
  }
}

/** A fresh relay: warmed up on `warmUp` (JIT, token, JWKS), then one cold batch measured. */
async function relayRun(
  sim: ChildServer,
  env: Record<string, string>,
  nodeArgs: string[],
  warmUp: BenchObservable[],
  batch: BenchObservable[],
  name: string,
): Promise<RelayHeavyRun> {
  const { relay } = await startRelay(name, sim, env, nodeArgs);
  try {
    const token = mintToken(sim.url, relay.url);
    const observe = (observables: BenchObservable[]) =>
      requestJson(`${relay.url}/observe/observables`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: observables,
      });
    await observe(warmUp);
    const [statsBefore, readBefore] = [await simStats(sim), await bytesRead(relay)];
    const cpuBefore = [procCpuMs(relay.pid), procCpuMs(sim.pid)];
    const answer = await observe(batch);
    const cpuAfter = [procCpuMs(relay.pid), procCpuMs(sim.pid)];
    await sleep(SETTLE_MS);
    const [statsAfter, readAfter] = [await simStats(sim), await bytesRead(relay)];
    const used = (k: number) =>
      cpuBefore[k] === undefined || cpuAfter[k] === undefined
        ? undefined
        : cpuAfter[k] - cpuBefore[k];
    assertAlive(relay);
    if (answer.status !== 200) throw new Error(`/observe answered HTTP ${answer.status}`);
    const body = answer.body as {
      data?: { sightings?: { docs?: unknown[] } };
      errors?: { code?: string }[];
    };
    const otx = (s: SimStats) => s.requests - s.byRoute.jwks;
    return {
      ms: answer.ms,
      otxCalls: otx(statsAfter) - otx(statsBefore),
      bytesRead: readAfter - readBefore,
      simBytesSent: statsAfter.bytesSent.pulseIndicators - statsBefore.bytesSent.pulseIndicators,
      sightings: body.data?.sightings?.docs?.length ?? 0,
      errors: (body.errors ?? []).map((e) => String(e.code)),
      peakRssBytes: procStatusBytes(relay.pid, 'VmHWM'),
      relayCpuMs: used(0),
      simCpuMs: used(1),
    };
  } finally {
    await stopServer(relay);
  }
}

/** The reference over `batch`, with the simulator's CPU time during it. */
async function referenceRun(
  sim: ChildServer,
  spec: ReferenceSpec,
  batch: BenchObservable[],
): Promise<ReferenceRun> {
  const before = procCpuMs(sim.pid);
  const run = await referenceBatch(spec, batch);
  const after = procCpuMs(sim.pid);
  if (before !== undefined && after !== undefined) run.simCpuMs = after - before;
  return run;
}

async function simStats(sim: ChildServer): Promise<SimStats> {
  return (await requestJson(`${sim.url}/_sim/stats`)).body as SimStats;
}

/** `relay_otx_response_bytes_total` of the pulse pages, from the relay's `/metrics`. */
async function bytesRead(relay: ChildServer): Promise<number> {
  const { text } = await requestText(`${relay.url}/metrics`);
  const line = text.split('\n').find((l) => l.startsWith(`${BYTES_METRIC} `));
  if (line === undefined) throw new Error(`${relay.name} exports no ${BYTES_METRIC}`);
  return Number(line.slice(BYTES_METRIC.length + 1));
}
