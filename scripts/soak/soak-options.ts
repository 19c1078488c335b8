import { parseArgs } from 'node:util';

/** What one `npm run soak` does, from its flags. */
export interface SoakOptions {
  /** Seconds of load. RSS is sampled at a third of it and at its end (20 s and 60 s by default). */
  durationS: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /** Share of the OTX requests the simulator is told to fail (0.05 = 5 %). */
  faultRate: number;
  /** Latency the simulator adds to every OTX request, in ms. */
  latencyMs: number;
  /** Run `npm run build` first even when `dist/` exists. */
  build: boolean;
  /** Markdown file whose "Soak" section is written, or undefined for none. */
  out: string | undefined;
  help: boolean;
}

/** `--help` text. */
export const USAGE = `Usage: npm run soak -- [flags]
  --duration <s>      seconds of load (60); RSS is read at a third of it and at its end
  --connections <n>   concurrent connections (64)
  --fault-rate <r>    share of OTX requests the simulator fails, 0 to 0.5 (0.05)
  --latency <ms>      simulator latency per OTX request (5)
  --build             run npm run build first (done anyway when dist/ is missing)
  --out <file>        file whose "Soak" section is written (docs/benchmarks.md)
  --no-write          write no file
Exits 1 when any answer was not a valid envelope, the relay restarted, or (runs of 60 s or more)
RSS grew 10 % or more from a third of the run to its end; timings never fail it.`;

const int = (name: string, raw: string | undefined, fallback: number, min: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};

/**
 * Reads the soak flags.
 * @throws Error naming the first bad flag.
 */
export function parseSoakOptions(argv: string[]): SoakOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      'fault-rate': { type: 'string' },
      latency: { type: 'string' },
      build: { type: 'boolean' },
      out: { type: 'string' },
      'no-write': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const faultRate = v['fault-rate'] === undefined ? 0.05 : Number(v['fault-rate']);
  if (!Number.isFinite(faultRate) || faultRate < 0 || faultRate > 0.5) {
    throw new Error('--fault-rate must be a number from 0 to 0.5');
  }
  const durationS = int('duration', v.duration, 60, 3);
  if (durationS > 3600) throw new Error('--duration must be at most 3600');
  return {
    durationS,
    connections: int('connections', v.connections, 64, 1),
    faultRate,
    latencyMs: int('latency', v.latency, 5, 0),
    build: v.build ?? false,
    out: v['no-write'] ? undefined : (v.out ?? 'docs/benchmarks.md'),
    help: v.help ?? false,
  };
}
