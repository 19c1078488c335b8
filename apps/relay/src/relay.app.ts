import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream, Logger as Pino } from 'pino';
import { RelaySettings } from './config/relay.config';
import { RELAY_SETTINGS } from './config/relay-settings';
import { registerBodyParser } from './http/body-parser';
import { RELAY_PINO } from './logging/logging.module';
import { registerRequestHooks } from './logging/request-hooks';
import { requestIdFor } from './logging/request-id';
import { RelayMetrics } from './metrics/relay-metrics';
import { setupOpenApi } from './openapi/openapi.setup';
import { RelayIntelOptions, RelayModule } from './relay.module';

const IDLE_REAP_MS = 50;

export interface CreateRelayAppOptions {
  /** Environment to read instead of `process.env` (tests run several relays in one process). */
  env?: Record<string, string | undefined>;
  /** `false`: no log at all (tests). */
  logger?: false;
  /** Where the JSON log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
  /**
   * Keep Nest's start-up lines ("successfully started" among them) until `app.flushLogs()`,
   * which main.ts calls once the port is bound.
   */
  holdLogsUntilListening?: boolean;
  /** Intel providers asked beside AlienVault OTX (docs/extending.md). */
  intel?: RelayIntelOptions;
}

/**
 * Builds the relay exactly as production runs it (main.ts only listens), so end-to-end
 * tests exercise the same adapter, parser, hooks, pipes, guard and filter.
 */
export async function createRelayApp(
  options: CreateRelayAppOptions = {},
): Promise<NestFastifyApplication> {
  const silent = options.logger === false;
  const module = RelayModule.forRoot({
    env: options.env,
    logging: { silent, stream: options.logStream },
    intel: options.intel,
  });
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: requestIdFor,
    // Node's 16 KiB header limit would answer a large token with a bare 431, outside the
    // envelope; 128 KiB lets the guard refuse it properly.
    http: { maxHeaderSize: 128 * 1024 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    logger: silent ? false : undefined,
    bufferLogs: !silent,
    autoFlushLogs: !options.holdLogsUntilListening,
    abortOnError: false,
  });
  if (!silent) app.useLogger(app.get(Logger));
  const config = app.get<RelaySettings>(RELAY_SETTINGS);
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParser(fastify, config.bodyLimitBytes);
  // Before any route exists, so that every route (and the 404 handler) gets them.
  const metrics = config.metricsEnabled ? app.get(RelayMetrics) : undefined;
  registerRequestHooks(fastify, app.get<Pino>(RELAY_PINO), metrics?.requestAnswered.bind(metrics));
  setupOpenApi(app);
  await app.init();
  return app;
}

/**
 * Stops accepting connections, lets the requests in flight finish for up to `graceMs` (then
 * cuts the connections left), and only then closes the modules: OTX sockets and Redis must
 * outlive the requests that use them, while Nest's `close()` alone would close them first.
 */
export async function closeRelayApp(app: NestFastifyApplication, graceMs: number): Promise<void> {
  const logger = new NestLogger('Shutdown');
  const server = app.getHttpServer();
  let graceTimer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    graceTimer = setTimeout(() => {
      logger.warn(`requests still in flight after ${graceMs} ms: closing their connections`);
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  // A keep-alive connection whose last answer went out would hold the close until its timeout.
  const idleReaper = setInterval(() => server.closeIdleConnections(), IDLE_REAP_MS);
  logger.log(`stopping: no new connections, up to ${graceMs} ms for requests in flight`);
  // Fastify's close: the listener stops, new requests on open connections get 503, busy ones drain.
  await Promise.race([app.getHttpAdapter().getInstance().close(), graceOver]);
  clearTimeout(graceTimer);
  clearInterval(idleReaper);
  await app.close();
  logger.log('stopped');
}
