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
  pulseSize: number;
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
  const sim = await startSim('otx-sim', {
    OTX_SIM_LATENCY_MS: String(options.latencyMs),
    OTX_SIM_BENCH_OBSERVABLES: String(corpusSize),
    OTX_SIM_BENCH_PULSES: String(options.pulses),
  });
  const corpus = await readCorpus(sim.url, corpusSize);
  const { relay, relayEnv } = await startRelay(
    'relay',
    sim,
    options.relayEnv,
    options.relayNodeArgs,
  );
  return { sim, relay, token: mintToken(sim.url, relay.url), corpus, relayEnv };
}

/** Starts the simulator on a free loopback port with `env` (its `OTX_SIM_*` variables). */
export async function startSim(name: string, env: Record<string, string>): Promise<ChildServer> {
  const port = await freePort();
  return startServer(
    name,
    SIM_SCRIPT,
    { ...env, HOST: '127.0.0.1', PORT: String(port) },
    { url: `http://127.0.0.1:${port}`, path: '/_sim/stats' },
  );
}

/**
 * Starts a relay pointed at `sim` for OTX and JWKS, with the bench defaults and `env` over
 * them; returns it with the variables the bench set.
 */
export async function startRelay(
  name: string,
  sim: ChildServer,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ relay: ChildServer; relayEnv: Record<string, string> }> {
  const port = await freePort();
  const relayEnv = {
    ...BENCH_RELAY_DEFAULTS,
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port),
    OTX_BASE_URL: sim.url,
    JWKS_ALLOWED_HOSTS: new URL(sim.url).host,
    JWKS_URL_TEMPLATE: 'http://{host}/.well-known/jwks',
  };
  const ready = {
    url: `http://127.0.0.1:${port}`,
    path: '/watchdog',
    headers: { 'health-check': 'bench' },
  };
  const relay = await startServer(name, RELAY_SCRIPT, relayEnv, ready, nodeArgs);
  return { relay, relayEnv };
}

/** OTX requests the simulator has received so far (JWKS fetches left out). */
export async function otxRequestCount(sim: ChildServer): Promise<number> {
  const { body } = await requestJson(`${sim.url}/_sim/stats`);
  const stats = body as { requests: number; byRoute: { jwks: number } };
  return stats.requests - stats.byRoute.jwks;
}

/**
 * The simulator's bench corpus.
 * @throws Error when it does not hold `size` observables (a build older than the bench).
 */
export async function readCorpus(simUrl: string, size: number): Promise<BenchCorpus> {
  const answer = await requestJson(`${simUrl}/_sim/bench-observables`);
  const corpus = answer.body as BenchCorpus;
  if (answer.status !== 200 || corpus.observables?.length !== size) {
    throw new Error(`${SIM_SCRIPT} has no bench corpus: run npm run build (or --build)`);
  }
  return corpus;
}

/** A token for `relayUrl` minted by the simulator, with `CTR_ENTITIES_LIMIT` 1000. */
export function mintToken(simUrl: string, relayUrl: string): string {
  const args = ['mint-token', '--sim-url', simUrl, '--aud', relayUrl, '--limit', '1000'];
  return execFileSync(process.execPath, [SIM_SCRIPT, ...args], { encoding: 'utf8' }).trim();
}
