import {
  MAX_BENCH_OBSERVABLES,
  MAX_BENCH_PULSE_SIZE,
  MAX_BENCH_PULSES,
} from './bench/bench-observables';
import {
  MAX_CHUNK_BYTES,
  MAX_CHUNK_DELAY_MS,
  MAX_PAGE_CACHE_MB,
  type OtxSimOptions,
} from './otx-sim.options';
import { PAGE_KEY_ORDERS } from './otx/pulse-page';

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
 * `OTX_SIM_MAX_PAGE_SIZE`, `OTX_SIM_PULSES_CAP`, `OTX_SIM_BENCH_OBSERVABLES`,
 * `OTX_SIM_BENCH_PULSES`, `OTX_SIM_BENCH_PULSE_SIZE`, `OTX_SIM_BENCH_MATCH_AT`,
 * `OTX_SIM_PAGE_KEY_ORDER`, `OTX_SIM_PAGE_CACHE_MB`, `OTX_SIM_CHUNK_BYTES` and
 * `OTX_SIM_CHUNK_DELAY_MS`.
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
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    bad.push(name);
    return undefined;
  };
  const options: Partial<OtxSimOptions> = {};
  const keys = env.OTX_SIM_API_KEYS?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys !== undefined && keys.length === 0) bad.push('OTX_SIM_API_KEYS');
  if (keys?.length) options.apiKeys = keys;
  const read: Partial<OtxSimOptions> = {
    latencyMs: int('OTX_SIM_LATENCY_MS', 0),
    maxPageSize: int('OTX_SIM_MAX_PAGE_SIZE', 1),
    pulsesCap: int('OTX_SIM_PULSES_CAP', 0),
    benchObservables: int('OTX_SIM_BENCH_OBSERVABLES', 0, MAX_BENCH_OBSERVABLES),
    benchPulses: int('OTX_SIM_BENCH_PULSES', 1, MAX_BENCH_PULSES),
    benchPulseSize: int('OTX_SIM_BENCH_PULSE_SIZE', 0, MAX_BENCH_PULSE_SIZE),
    benchMatchAt: oneOf('OTX_SIM_BENCH_MATCH_AT', ['last', 'first'] as const),
    pageKeyOrder: oneOf('OTX_SIM_PAGE_KEY_ORDER', PAGE_KEY_ORDERS),
    pageCacheMb: int('OTX_SIM_PAGE_CACHE_MB', 0, MAX_PAGE_CACHE_MB),
    chunkBytes: int('OTX_SIM_CHUNK_BYTES', 1, MAX_CHUNK_BYTES),
    chunkDelayMs: int('OTX_SIM_CHUNK_DELAY_MS', 0, MAX_CHUNK_DELAY_MS),
  };
  const port = int('PORT', 0, 65535);
  for (const [name, value] of Object.entries(read)) {
    if (value !== undefined) Object.assign(options, { [name]: value });
  }
  if (bad.length > 0) throw new Error(`Invalid environment variables: ${bad.join(', ')}`);
  return { host: env.HOST?.trim() || DEFAULT_HOST, port: port ?? DEFAULT_PORT, options };
}
