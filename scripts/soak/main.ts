// npm run soak: the simulator and the built relay on loopback, 64 connections for 60 s with a
// mix of every endpoint and 5 % of OTX requests failed on purpose; exit 1 on an invalid answer
// or a relay restart. Its figures go to the "Soak" section of docs/benchmarks.md.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { parseBenchOptions } from '../bench/bench-options';
import { RELAY_SCRIPT, startStack, type BenchStack } from '../bench/bench-stack';
import { assertAlive, procStatusBytes } from '../bench/child-process';
import { loadNow, machineInfo } from '../bench/machine-info';
import { buildIfNeeded, runScript, scriptLogger } from '../bench/script-runner';
import { warnIfStale } from '../bench/stale-build';
import { FaultInjector } from './fault-injector';
import { isAlive, scrapeMetrics } from './relay-probe';
import { parseSoakOptions, USAGE, type SoakOptions } from './soak-options';
import { renderSoak, rssGrowthPct, writeSoakSection, type SoakResults } from './soak-report';
import { soakMix, type SoakTally } from './soak-mix';

const CORPUS = 20_000;
const PULSES = 2;
const SCRAPE_MS = 2000;
// The budget, the breaker and a large cache would each stop the OTX traffic this soak is about.
const SOAK_RELAY_ENV: Record<string, string> = {
  OTX_RATE_PER_MINUTE: '1000000',
  OTX_BREAKER_THRESHOLD: '1000',
  OTX_BREAKER_COOLDOWN_S: '1',
  CACHE_MAX_ENTRIES: '2000',
  OTX_TIMEOUT_MS: '1000',
};

const log = scriptLogger('soak');

/** Shortest run whose RSS growth is held to the 10 % bound. */
const RSS_BOUND_MIN_S = 60;

async function main(o: SoakOptions): Promise<number> {
  buildIfNeeded(o.build, log);
  warnIfStale(RELAY_SCRIPT);
  const stack = await startStack(
    { ...parseBenchOptions([]), latencyMs: o.latencyMs, pulses: PULSES, relayEnv: SOAK_RELAY_ENV },
    CORPUS,
  );
  const machine = machineInfo(RELAY_SCRIPT, loadNow());
  const results = await soak(stack, o);
  const report = renderSoak({ ...results, machine });
  process.stdout.write(`\n${report}`);
  if (o.out !== undefined) {
    writeSoakSection(o.out, report);
    log(`written to the Soak section of ${o.out}`);
  }
  const growth = rssGrowthPct(results);
  log(
    `served ${results.served}, invalid ${results.invalid}, restarts ${results.restarts}, ` +
      `event-loop p99 max ${results.eventLoopP99MaxMs?.toFixed(1) ?? '?'} ms, ` +
      `RSS growth ${growth?.toFixed(1) ?? '?'} %`,
  );
  // RSS growth is held to the bound on runs of its length: in shorter ones the first
  // sample falls in the warm-up, when the heap is still filling.
  const grewTooMuch = o.durationS >= RSS_BOUND_MIN_S && growth !== undefined && growth >= 10;
  if (grewTooMuch)
    log(`RSS grew ${growth.toFixed(1)} % from ${results.rssEarly.atS} s: 10 % allowed`);
  return results.invalid > 0 || results.restarts > 0 || grewTooMuch ? 1 : 0;
}

async function soak(stack: BenchStack, o: SoakOptions): Promise<Omit<SoakResults, 'machine'>> {
  const pid = stack.relay.pid;
  const first = await scrapeMetrics(stack.relay.url); // also resets the event-loop histogram
  const tally: SoakTally = { entries: [], invalidSamples: [] };
  const requests = soakMix(stack.token, stack.corpus.observables, tally);
  const faults = new FaultInjector(stack.sim.url, o.faultRate);
  const p99s: number[] = [];
  const scraper = setInterval(() => {
    scrapeMetrics(stack.relay.url).then(
      (m) => m.eventLoopP99S !== undefined && p99s.push(m.eventLoopP99S * 1000),
      () => undefined, // a missed scrape is a missing sample, not a failure
    );
  }, SCRAPE_MS);
  const earlyAtS = Math.round(o.durationS / 3);
  let rssEarly: number | undefined;
  const early = setTimeout(() => (rssEarly = procStatusBytes(pid, 'VmRSS')), earlyAtS * 1000);
  log(`${o.connections} connections for ${o.durationS} s, ${o.faultRate * 100} % OTX faults`);
  const started = performance.now();
  faults.start();
  const result = await autocannon({
    url: stack.relay.url,
    connections: o.connections,
    duration: o.durationS,
    timeout: 30,
    requests,
  });
  const rssEnd = procStatusBytes(pid, 'VmRSS');
  const elapsedS = (performance.now() - started) / 1000;
  clearInterval(scraper);
  clearTimeout(early);
  const faultCounts = await faults.stop();
  const last = await scrapeMetrics(stack.relay.url).catch(() => undefined);
  if (last?.eventLoopP99S !== undefined) p99s.push(last.eventLoopP99S * 1000);

  let restarts = 0;
  let restartNote = `pid ${pid} alive, same process start time`;
  try {
    assertAlive(stack.relay);
    if (!isAlive(pid)) throw new Error(`pid ${pid} is gone`);
    if (last === undefined || last.startTimeS !== first.startTimeS) {
      throw new Error('the relay answering /metrics is not the process started');
    }
  } catch (error) {
    restarts = 1;
    restartNote = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  const served = tally.entries.reduce((n, e) => n + e.answers, 0);
  const badAnswers = tally.entries.reduce((n, e) => n + e.invalid, 0);
  const sorted = [...p99s].sort((a, b) => a - b);
  return {
    options: o,
    relayEnv: stack.relayEnv,
    served,
    requestsPerS: served / elapsedS,
    p99Ms: result.latency.p99,
    invalid: badAnswers + result.errors,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    restarts,
    restartNote,
    tally,
    faults: faultCounts,
    eventLoopP99MaxMs: sorted.at(-1),
    eventLoopP99MedianMs: sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : undefined,
    rssEarly: { atS: earlyAtS, bytes: rssEarly },
    rssEnd: { atS: o.durationS, bytes: rssEnd },
  };
}

runScript({
  name: 'soak',
  usage: USAGE,
  parse: parseSoakOptions,
  // Start-up, the run and the scrapes after it; past this something hangs.
  limitMs: (options) => (options.durationS + 180) * 1000,
  main,
});
