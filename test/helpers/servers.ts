import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWriteStream, WriteStream } from 'node:fs';
import { createOtxSimApp, OtxSimOptions } from '../../apps/otx-sim/src/otx-sim.app';
import { createRelayApp, CreateRelayAppOptions } from '../../apps/relay/src/relay.app';
import { E2E_OTX_TIMEOUT_MS, EXTERNAL, HAS_E2E_OTX_TIMEOUT } from './external';

export const SIM_API_KEY = 'test-otx-key';

export { E2E_OTX_TIMEOUT_MS, EXTERNAL } from './external';

export interface RunningServer {
  url: string;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

async function listen(app: NestFastifyApplication): Promise<RunningServer> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, app, close: () => app.close() };
}

/** The OTX simulator, listening on a real loopback port. */
export async function startSim(options: Partial<OtxSimOptions> = {}): Promise<RunningServer> {
  return listen(await createOtxSimApp({ apiKeys: [SIM_API_KEY], ...options }));
}

/**
 * The relay exactly as production builds it, with `env` instead of the process environment
 * (and, for docs/extending.md's example, intel providers beside OTX's).
 */
export async function startRelay(
  env: Record<string, string>,
  intel?: CreateRelayAppOptions['intel'],
): Promise<RunningServer> {
  const audit = auditLogStream();
  if (!audit) return listen(await createRelayApp({ env, logger: false, intel }));
  // The audit run: every relay logs at its most verbose into one file, checked for secrets.
  return listen(
    await createRelayApp({ env: { ...env, LOG_LEVEL: 'trace' }, logStream: audit, intel }),
  );
}

let auditStream: WriteStream | undefined;

/** With E2E_LOG_FILE set, the stream every in-process relay of the run appends its logs to. */
function auditLogStream(): WriteStream | undefined {
  const file = process.env.E2E_LOG_FILE;
  if (!file) return undefined;
  auditStream ??= createWriteStream(file, { flags: 'a' });
  return auditStream;
}

/** Environment that points a relay at a simulator for OTX and for the JWKS. */
export function relayEnvFor(sim: { url: string }, extra: Record<string, string> = {}) {
  return {
    OTX_BASE_URL: sim.url,
    JWKS_ALLOWED_HOSTS: new URL(sim.url).host,
    JWKS_URL_TEMPLATE: 'http://{host}/.well-known/jwks',
    OTX_TIMEOUT_MS: String(E2E_OTX_TIMEOUT_MS),
    ...extra,
  };
}

export interface SimAndRelay {
  sim: { url: string };
  relay: { url: string };
}

/**
 * Starts a simulator and a relay pointed at it around a `describe` block, or uses the
 * external ones named by RELAY_URL and OTX_SIM_URL.
 */
export function useSimAndRelay(
  extraEnv: Record<string, string> = {},
  simOptions: Partial<OtxSimOptions> = {},
): SimAndRelay {
  if (EXTERNAL) return { sim: { url: EXTERNAL.sim }, relay: { url: EXTERNAL.relay } };
  const ctx = {} as { sim: RunningServer; relay: RunningServer };
  beforeAll(async () => {
    ctx.sim = await startSim(simOptions);
    ctx.relay = await startRelay(relayEnvFor(ctx.sim, extraEnv));
  });
  afterAll(async () => {
    await ctx.relay?.close();
    await ctx.sim?.close();
  });
  return ctx;
}

/**
 * A `describe` whose relay needs its own configuration: it runs in-process only, since an
 * external relay (RELAY_URL) has the configuration it was started with.
 */
export const describeWithOwnConfig: jest.Describe = EXTERNAL ? describe.skip : describe;

/** One test of a shared `describe` that needs the configuration its relay was given here. */
export const itWithOwnConfig: jest.It = EXTERNAL ? it.skip : it;

/**
 * A test whose expected answer names the relay's OTX timeout (E2E_OTX_TIMEOUT_MS): skipped
 * against an external relay that is not declared to have it (helpers/external.ts).
 */
export const itWithE2eOtxTimeout: jest.It = HAS_E2E_OTX_TIMEOUT ? it : it.skip;
