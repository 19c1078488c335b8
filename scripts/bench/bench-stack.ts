import { execFileSync } from 'node:child_process';
import type { BenchOptions } from './bench-options';
import { freePort, startServer, type ChildServer } from './child-process';
import { requestJson } from './http-json';

/** A bench observable as the simulator lists it. */
export interface BenchObservable {
  type: string;
  value: string;
}

/** What `GET /_sim/bench-observables` answers. */
export interface BenchCorpus {
  observables: BenchObservable[];
  pulsesPerObservable: number;
  matchPage: number;
  pageSize: number;
}

/** The simulator and the relay the bench talks to. */
export interface BenchStack {
  sim: ChildServer;
  relay: ChildServer;
  token: string;
  corpus: BenchCorpus;
  /** The relay variables the bench set (the rest are the relay's defaults). */
  relayEnv: Record<string, string>;
}

export const SIM_SCRIPT = 'dist/apps/otx-sim/main.js';
export const RELAY_SCRIPT = 'dist/apps/relay/main.js';
/** The relay's default `OTX_CONCURRENCY` (apps/relay/src/config/env.dto.ts). */
export const RELAY_DEFAULT_OTX_CONCURRENCY = 16;

// The budget is not what this bench measures: 600 a minute would throttle one cold batch.
const BENCH_RELAY_DEFAULTS: Readonly<Record<string, string>> = {
  OTX_RATE_PER_MINUTE: '1000000',
};

/**
 * Starts the simulator with `corpusSize` bench observables, then the relay pointed at it,
 * and mints a token whose `CTR_ENTITIES_LIMIT` lets every match through.
 */
export async function startStack(options: BenchOptions, corpusSize: number): Promise<BenchStack> {
  const [simPort, relayPort] = [await freePort(), await freePort()];
  const simHost = `127.0.0.1:${simPort}`;
  const sim = await startServer(
    'otx-sim',
    SIM_SCRIPT,
    {
      HOST: '127.0.0.1',
      PORT: String(simPort),
      OTX_SIM_LATENCY_MS: String(options.latencyMs),
      OTX_SIM_BENCH_OBSERVABLES: String(corpusSize),
      OTX_SIM_BENCH_PULSES: String(options.pulses),
    },
    { url: `http://${simHost}`, path: '/_sim/stats' },
  );
  const corpus = await readCorpus(sim.url, corpusSize);
  const relayEnv = {
    ...BENCH_RELAY_DEFAULTS,
    ...options.relayEnv,
    HOST: '127.0.0.1',
    PORT: String(relayPort),
    OTX_BASE_URL: sim.url,
    JWKS_ALLOWED_HOSTS: simHost,
    JWKS_URL_TEMPLATE: 'http://{host}/.well-known/jwks',
  };
  const relay = await startServer('relay', RELAY_SCRIPT, relayEnv, {
    url: `http://127.0.0.1:${relayPort}`,
    path: '/watchdog',
    headers: { 'health-check': 'bench' },
  });
  return { sim, relay, token: mintToken(sim.url, relay.url), corpus, relayEnv };
}

/** OTX requests the simulator has received so far (JWKS fetches left out). */
export async function otxRequestCount(sim: ChildServer): Promise<number> {
  const { body } = await requestJson(`${sim.url}/_sim/stats`);
  const stats = body as { requests: number; byRoute: { jwks: number } };
  return stats.requests - stats.byRoute.jwks;
}

async function readCorpus(simUrl: string, size: number): Promise<BenchCorpus> {
  const answer = await requestJson(`${simUrl}/_sim/bench-observables`);
  const corpus = answer.body as BenchCorpus;
  if (answer.status !== 200 || corpus.observables?.length !== size) {
    throw new Error(`${SIM_SCRIPT} has no bench corpus: run npm run build (or --build)`);
  }
  return corpus;
}

function mintToken(simUrl: string, relayUrl: string): string {
  const args = ['mint-token', '--sim-url', simUrl, '--aud', relayUrl, '--limit', '1000'];
  return execFileSync(process.execPath, [SIM_SCRIPT, ...args], { encoding: 'utf8' }).trim();
}
