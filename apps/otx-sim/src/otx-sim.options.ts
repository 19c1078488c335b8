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
  logger: false,
};

/** The OTX user name that owns a key (`undefined` for an unknown key). */
export function userForKey(options: OtxSimOptions, key: unknown): string | undefined {
  const index = typeof key === 'string' ? options.apiKeys.indexOf(key) : -1;
  if (index < 0) return undefined;
  return index === 0 ? 'otx_sim_user' : `otx_sim_user${index + 1}`;
}
