import type { BenchMatchAt } from './bench/bench-corpus';
import type { PageKeyOrder } from './otx/pulse-page';

/** Knobs of one simulator instance. */
export interface OtxSimOptions {
  /** Keys accepted in `X-OTX-API-KEY`; the first belongs to user `otx_sim_user`. */
  apiKeys: string[];
  /** Added to every OTX and JWKS request (not to `/_sim`). */
  latencyMs: number;
  /** Server-side cap on `limit` of pulse-indicator pages, like DRF's `max_page_size`. */
  maxPageSize: number;
  /** Cap of `pulse_info.pulses` in `general`; `count` stays the true total. */
  pulsesCap: number;
  /** Synthetic bench observables served beside the fixtures (0: none); see `BenchCorpus`. */
  benchObservables: number;
  /** Pulses that list each bench observable. */
  benchPulses: number;
  /** Indicators of each bench pulse; 0 keeps the light shape (see `BenchCorpus`). */
  benchPulseSize: number;
  /** Where a heavy bench pulse lists its observable in `sort=-created` order. */
  benchMatchAt: BenchMatchAt;
  /** Key order of pulse-indicator pages. */
  pageKeyOrder: PageKeyOrder;
  /** Bound of the pulse-indicator page cache, in MiB (0: no cache). */
  pageCacheMb: number;
  /** Pulse-indicator pages are written to the socket in chunks of this many bytes… */
  chunkBytes: number;
  /** …with this pause after each chunk (0: as fast as the client reads). */
  chunkDelayMs: number;
  /** Nest's logger on (true) or silent (false). */
  logger: boolean;
}

/** Defaults of `OtxSimOptions`. */
export const DEFAULT_OTX_SIM_OPTIONS: Readonly<OtxSimOptions> = {
  apiKeys: ['test-otx-key'],
  latencyMs: 0,
  maxPageSize: 10,
  pulsesCap: 50,
  benchObservables: 0,
  benchPulses: 3,
  benchPulseSize: 0,
  benchMatchAt: 'last',
  pageKeyOrder: 'drf',
  pageCacheMb: 256,
  chunkBytes: 65536,
  chunkDelayMs: 0,
  logger: false,
};

/** Upper bounds of the page-serving options. */
export const MAX_PAGE_CACHE_MB = 65_536;
export const MAX_CHUNK_BYTES = 16 * 2 ** 20;
export const MAX_CHUNK_DELAY_MS = 60_000;

/** The OTX user name that owns a key (`undefined` for an unknown key). */
export function userForKey(options: OtxSimOptions, key: unknown): string | undefined {
  const index = typeof key === 'string' ? options.apiKeys.indexOf(key) : -1;
  if (index < 0) return undefined;
  return index === 0 ? 'otx_sim_user' : `otx_sim_user${index + 1}`;
}
