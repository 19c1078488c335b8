import { parseArgs } from 'node:util';

/** What one `npm run bench` measures, from its flags. */
export interface BenchOptions {
  /** Latency the simulator adds to every OTX request, in ms. */
  latencyMs: number;
  /** Pulses listing each observable (each holds it on page 2). */
  pulses: number;
  /** Batch sizes of `/observe/observables`, each run cold then warm. */
  batches: number[];
  /** Warm repeats of each batch (the median wall time is reported). */
  warmRepeats: number;
  /** Seconds of each autocannon run. */
  durationS: number;
  /** Connections of each autocannon run. */
  connections: number;
  /** Extra relay environment (`KEY=VALUE`), applied over the bench defaults. */
  relayEnv: Record<string, string>;
  /** Node options of every relay the bench starts (e.g. `--heap-growing-percent=100`). */
  relayNodeArgs: string[];
  /** The heavy workload (issue 10): large pulses, the relay against a bare reference client. */
  heavy: HeavyOptions;
  /** Workloads to run. */
  light: boolean;
  /** Run `npm run build` first even when `dist/` exists. */
  build: boolean;
  /** Markdown report to write, or undefined for none. */
  out: string | undefined;
  quick: boolean;
  /** `refer`: only the /refer loads, relay and bare Nest route in turns (nothing written). */
  only: 'refer' | undefined;
  /** Turns of /refer and the bare Nest route (`--only refer` and the full run). */
  rounds: number;
  help: boolean;
}

/** The heavy workload's knobs. */
export interface HeavyOptions {
  run: boolean;
  /** Observables of the measured batch (each in `pulses` pulses of `pulseSize` indicators). */
  observables: number;
  pulses: number;
  pulseSize: number;
  /** `OTX_PAGE_SIZE` values to measure; the first is the relay's default. */
  pageSizes: number[];
  /** Measured relay/reference pairs at the default page size (medians reported). */
  rounds: number;
}

/** `--help` text. */
export const USAGE = `Usage: npm run bench -- [flags]
  --latency <ms>        simulator latency per OTX request (25)
  --pulses <n>          pulses per observable, match on page 2 of each (3)
  --batches <list>      /observe batch sizes, cold then warm (1,10,100,1000)
  --warm-repeats <n>    warm repeats per batch, median (p50) reported (20)
  --duration <s>        seconds of each autocannon run (10)
  --connections <n>     autocannon connections (64)
  --relay-env K=V       relay variable, repeatable (e.g. OTX_CONCURRENCY=32)
  --relay-node-arg <a>  node option for every relay, repeatable (e.g. --relay-node-arg=--heap-growing-percent=100)
  --heavy-observables <n>   heavy workload: observables in the batch (100)
  --heavy-pulse-size <n>    heavy workload: indicators in each pulse, the value last (10001)
  --page-sizes <list>       heavy workload: OTX_PAGE_SIZE values, default first (10000,5000,2000,1000)
  --heavy-rounds <n>        heavy workload: relay/reference pairs at the default page size (3)
  --no-heavy            light workload only
  --heavy-only          heavy workload only
  --build               run npm run build first (done anyway when dist/ is missing)
  --out <file>          report to write (docs/benchmarks.md); --no-write for none
  --quick               smoke run: batches 1,10,100, 3 s load runs, 2 warm repeats,
                        heavy page sizes 10000,1000 and 1 round
  --only refer          only /refer beside a bare Nest route, in turns; prints, writes nothing
  --rounds <n>          /refer turns beside the bare Nest route (5; 3 with --quick)`;

const int = (name: string, raw: string | undefined, fallback: number, min = 1): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};

/**
 * Reads the bench flags.
 * @throws Error naming the first bad flag.
 */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      pulses: { type: 'string' },
      batches: { type: 'string' },
      'warm-repeats': { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'relay-env': { type: 'string', multiple: true },
      'relay-node-arg': { type: 'string', multiple: true },
      'heavy-observables': { type: 'string' },
      'heavy-pulse-size': { type: 'string' },
      'page-sizes': { type: 'string' },
      'heavy-rounds': { type: 'string' },
      'no-heavy': { type: 'boolean' },
      'heavy-only': { type: 'boolean' },
      build: { type: 'boolean' },
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      quick: { type: 'boolean' },
      only: { type: 'string' },
      rounds: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = v.quick ?? false;
  if (v['no-heavy'] && v['heavy-only'])
    throw new Error('--no-heavy and --heavy-only leave nothing to run');
  return {
    latencyMs: int('latency', v.latency, 25, 0),
    pulses: int('pulses', v.pulses, 3),
    batches: parseBatches(v.batches ?? (quick ? '1,10,100' : '1,10,100,1000')),
    warmRepeats: int('warm-repeats', v['warm-repeats'], quick ? 2 : 20),
    durationS: int('duration', v.duration, quick ? 3 : 10),
    connections: int('connections', v.connections, 64),
    relayEnv: parseEnv(v['relay-env'] ?? []),
    relayNodeArgs: parseNodeArgs(v['relay-node-arg'] ?? []),
    light: !v['heavy-only'],
    heavy: {
      run: !v['no-heavy'],
      observables: int('heavy-observables', v['heavy-observables'], 100),
      pulses: 3,
      pulseSize: int('heavy-pulse-size', v['heavy-pulse-size'], 10_001, 2),
      pageSizes: parsePageSizes(v['page-sizes'] ?? (quick ? '10000,1000' : '10000,5000,2000,1000')),
      rounds: int('heavy-rounds', v['heavy-rounds'], quick ? 1 : 3),
    },
    build: v.build ?? false,
    out: v['no-write'] ? undefined : (v.out ?? 'docs/benchmarks.md'),
    quick,
    only: parseOnly(v.only),
    rounds: int('rounds', v.rounds, quick ? 3 : 5),
    help: v.help ?? false,
  };
}

function parseOnly(raw: string | undefined): 'refer' | undefined {
  if (raw === undefined || raw === 'refer') return raw;
  throw new Error('--only takes refer');
}

function parseBatches(raw: string): number[] {
  const sizes = raw.split(',').map((s) => int('batches', s.trim(), 0));
  // The relay accepts MAX_OBSERVABLES (1000 by default) per request; raise it with --relay-env.
  if (sizes.some((n) => n > 100_000)) throw new Error('--batches must be sizes up to 100000');
  return sizes;
}

function parsePageSizes(raw: string): number[] {
  const sizes = raw.split(',').map((s) => int('page-sizes', s.trim(), 0));
  // The relay's OTX_PAGE_SIZE range (apps/relay/src/config/env.dto.ts).
  if (sizes.some((n) => n > 10_000)) throw new Error('--page-sizes must be sizes up to 10000');
  return sizes;
}

function parseNodeArgs(args: string[]): string[] {
  const bad = args.find((a) => !/^--[a-z][a-z0-9-]*(=\S+)?$/.test(a));
  if (bad !== undefined) throw new Error(`--relay-node-arg expects a node option, got "${bad}"`);
  return args;
}

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new Error(`--relay-env expects KEY=VALUE, got "${pair}"`);
    env[match[1]] = match[2];
  }
  return env;
}
