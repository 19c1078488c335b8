import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createOtxSimApp, OtxSimOptions } from '../../apps/otx-sim/src/otx-sim.app';
import { createRelayApp } from '../../apps/relay/src/relay.app';

export const SIM_API_KEY = 'test-otx-key';

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

/** The relay exactly as production builds it, with `env` instead of the process environment. */
export async function startRelay(env: Record<string, string>): Promise<RunningServer> {
  return listen(await createRelayApp({ env, logger: false }));
}

/** Environment that points a relay at a simulator for OTX and for the JWKS. */
export function relayEnvFor(sim: RunningServer, extra: Record<string, string> = {}) {
  return {
    OTX_BASE_URL: sim.url,
    JWKS_ALLOWED_HOSTS: new URL(sim.url).host,
    JWKS_URL_TEMPLATE: 'http://{host}/.well-known/jwks',
    OTX_TIMEOUT_MS: '2000',
    ...extra,
  };
}

/** Starts a simulator and a relay pointed at it around a `describe` block. */
export function useSimAndRelay(
  extraEnv: Record<string, string> = {},
  simOptions: Partial<OtxSimOptions> = {},
): { sim: RunningServer; relay: RunningServer } {
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
