import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseBenchOptions, USAGE, type BenchOptions } from './bench-options';
import { renderReport } from './bench-report';
import { RELAY_DEFAULT_OTX_CONCURRENCY, RELAY_SCRIPT, startStack } from './bench-stack';
import type { LightResults } from './bench-targets';
import { procStatusBytes, stopServer } from './child-process';
import { measureHeavy } from './heavy-workload';
import { measureLoads } from './load-runs';
import { measureReferRounds, renderReferRounds } from './refer-share';
import { loadNow, machineInfo } from './machine-info';
import { measureBatches, observeOnce, sequentialRoundTrips } from './observe-batches';
import { soakSectionOf } from '../soak/soak-report';
import { buildIfNeeded, runScript, scriptLogger } from './script-runner';
import { warnIfStale } from './stale-build';

// A default run takes a few minutes; past this something hangs.
const RUN_LIMIT_MS = 30 * 60_000;
const WARM_UP = 7;

async function main(options: BenchOptions): Promise<void> {
  const started = performance.now();
  // Taken before anything starts: the bench's own processes raise the load once running.
  const loadBefore = loadNow();
  buildIfNeeded(options.build, log);
  warnIfStale(RELAY_SCRIPT);
  if (options.only === 'refer') return referOnly(options, loadBefore);
  // Commit and build are read before the run: other work may land while it goes on.
  const machine = machineInfo(RELAY_SCRIPT, loadBefore);
  const light = options.light ? await measureLight(options) : undefined;
  const heavy = options.heavy.run ? await measureHeavy(options, log) : undefined;
  const runSeconds = (performance.now() - started) / 1000;
  const report = renderReport({ machine, light, heavy, runSeconds });
  process.stdout.write(`\n${report}`);
  if (options.out !== undefined) {
    // The soak's section is npm run soak's to write: it is carried over, not lost.
    const soak = existsSync(options.out)
      ? soakSectionOf(readFileSync(options.out, 'utf8'))
      : undefined;
    writeFileSync(options.out, soak === undefined ? report : `${report.trimEnd()}\n\n${soak}\n`);
    process.stdout.write(`\nWritten to ${options.out}\n`);
  }
}

/** The light workload on its own simulator and relay, stopped once measured. */
async function measureLight(o: BenchOptions): Promise<LightResults> {
  const corpusSize = WARM_UP + o.batches.reduce((a, b) => a + b, 0);
  const stack = await startStack(o, corpusSize);
  try {
    const all = stack.corpus.observables;
    // Token, JWKS and JIT warm-up on observables the batches never use.
    for (let i = 0; i < 2; i++) await observeOnce(stack, all.slice(0, WARM_UP));
    // Issue 3's workload (batches up to 100, then the loads) comes first, so that its peak RSS
    // is read before the larger batches, whose own figures follow them.
    const small = o.batches.filter((size) => size <= ISSUE_3_LARGEST_BATCH);
    const large = o.batches.filter((size) => size > ISSUE_3_LARGEST_BATCH);
    const batches = await measureBatches(stack, all.slice(WARM_UP), small, o.warmRepeats, log);
    log(`load: /refer (8 observables), then warm /observe (1), ${o.durationS} s each`);
    const loads = await measureLoads(stack, {
      refer: all.slice(0, 8),
      warmOne: all.slice(WARM_UP, WARM_UP + 1),
      durationS: o.durationS,
      connections: o.connections,
    });
    const peakRssBytes = procStatusBytes(stack.relay.pid, 'VmHWM');
    // Issue 10's share is read from rounds in turns: one run each moves with the machine's load.
    log(`load: /refer and a bare Nest route in turns, ${o.rounds} rounds of ${referRoundS(o)} s`);
    const referRounds = await measureReferRounds(stack, {
      observables: all.slice(0, 8),
      durationS: referRoundS(o),
      connections: o.connections,
      rounds: o.rounds,
    });
    const usedSoFar = WARM_UP + small.reduce((a, b) => a + b, 0);
    batches.push(...(await measureBatches(stack, all.slice(usedSoFar), large, o.warmRepeats, log)));
    return {
      latencyMs: o.latencyMs,
      otxConcurrency: Number(stack.relayEnv.OTX_CONCURRENCY ?? RELAY_DEFAULT_OTX_CONCURRENCY),
      sequentialRoundTrips: sequentialRoundTrips(stack),
      corpus: { ...stack.corpus, observables: all.length },
      relayEnv: stack.relayEnv,
      relayNodeArgs: o.relayNodeArgs,
      warmRepeats: o.warmRepeats,
      durationS: o.durationS,
      connections: o.connections,
      batches,
      ...loads,
      referRounds,
      peakRssBytes,
    };
  } finally {
    await Promise.all([stopServer(stack.relay), stopServer(stack.sim)]);
  }
}

/** `--only refer`: the relay's /refer beside a bare Nest route, printed only. */
async function referOnly(options: BenchOptions, loadBefore: number): Promise<void> {
  const stack = await startStack(options, 8);
  try {
    log(`load: /refer (8 observables) and a bare Nest route in turns, ${options.rounds} rounds`);
    const rounds = await measureReferRounds(stack, {
      observables: stack.corpus.observables,
      durationS: options.durationS,
      connections: options.connections,
      rounds: options.rounds,
    });
    const load = { before: loadBefore, after: loadNow() };
    process.stdout.write(`\n${renderReferRounds(rounds, load)}`);
  } finally {
    await Promise.all([stopServer(stack.relay), stopServer(stack.sim)]);
  }
}

const log = scriptLogger('bench');

/** Seconds of each /refer round in the full run: the ratio needs turns, not long ones. */
const referRoundS = (o: BenchOptions) => Math.min(o.durationS, 5);

/** The largest batch of issue 3's light workload, whose peak RSS target it reads. */
const ISSUE_3_LARGEST_BATCH = 100;

runScript({
  name: 'bench',
  usage: USAGE,
  parse: parseBenchOptions,
  limitMs: () => RUN_LIMIT_MS,
  main: async (options) => (await main(options), 0),
});
