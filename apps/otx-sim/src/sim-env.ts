import { MAX_BENCH_OBSERVABLES, MAX_BENCH_PULSES } from './bench/bench-observables';
import type { OtxSimOptions } from './otx-sim.options';

/** Where and how `main.ts` runs the simulator. */
export interface SimServerConfig {
  host: string;
  port: number;
  options: Partial<OtxSimOptions>;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 9100;

/**
 * Reads `HOST`, `PORT`, `OTX_SIM_API_KEYS` (comma list), `OTX_SIM_LATENCY_MS`,
 * `OTX_SIM_MAX_PAGE_SIZE`, `OTX_SIM_PULSES_CAP`, `OTX_SIM_BENCH_OBSERVABLES` and
 * `OTX_SIM_BENCH_PULSES`.
 * @throws Error naming every invalid variable (never the keys themselves).
 */
export function readSimEnv(env: NodeJS.ProcessEnv): SimServerConfig {
  const bad: string[] = [];
  const int = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return undefined;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    bad.push(name);
    return undefined;
  };
  const options: Partial<OtxSimOptions> = {};
  const keys = env.OTX_SIM_API_KEYS?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys !== undefined && keys.length === 0) bad.push('OTX_SIM_API_KEYS');
  if (keys?.length) options.apiKeys = keys;
  const latencyMs = int('OTX_SIM_LATENCY_MS', 0);
  const maxPageSize = int('OTX_SIM_MAX_PAGE_SIZE', 1);
  const pulsesCap = int('OTX_SIM_PULSES_CAP', 0);
  const benchObservables = int('OTX_SIM_BENCH_OBSERVABLES', 0, MAX_BENCH_OBSERVABLES);
  const benchPulses = int('OTX_SIM_BENCH_PULSES', 1, MAX_BENCH_PULSES);
  const port = int('PORT', 0, 65535);
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  if (maxPageSize !== undefined) options.maxPageSize = maxPageSize;
  if (pulsesCap !== undefined) options.pulsesCap = pulsesCap;
  if (benchObservables !== undefined) options.benchObservables = benchObservables;
  if (benchPulses !== undefined) options.benchPulses = benchPulses;
  if (bad.length > 0) throw new Error(`Invalid environment variables: ${bad.join(', ')}`);
  return { host: env.HOST?.trim() || DEFAULT_HOST, port: port ?? DEFAULT_PORT, options };
}
