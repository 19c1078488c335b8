import { Logger } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';
import type { Logger as Pino } from 'pino';
import { RelaySettings } from './config/relay.config';
import { RELAY_SETTINGS } from './config/relay-settings';
import { RELAY_PINO } from './logging/logging.module';
import { closeRelayApp, createRelayApp, CreateRelayAppOptions } from './relay.app';
import { boundUrl } from './start-up-messages';

/**
 * Under a high allocation rate V8 lets the heap grow to several times what is live: the light
 * bench peaked at 345 MiB of RSS with 35-60 MiB live. A fixed growth factor bounds it: 1.5 keeps
 * that peak near 175 MiB (1.25: 165 MiB, but the heavy pulse walk then spent a third of its CPU
 * in back-to-back full collections; docs/benchmarks.md). V8 reads the flag at every full
 * collection, so setting it here works; one given on the command line wins.
 */
function boundHeapGrowth(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString('--heap-growing-percent=50');
}

/**
 * Starts the relay as a process: listens, drains on SIGTERM/SIGINT, prints one line on a failed
 * start. A team adding intel providers passes them here (docs/extending.md).
 */
export async function runRelay(options: Pick<CreateRelayAppOptions, 'intel'> = {}): Promise<void> {
  boundHeapGrowth();
  // Nest's start-up lines wait until the port is bound: a failed start prints one line only.
  const app = await createRelayApp({ ...options, holdLogsUntilListening: true });
  const config = app.get<RelaySettings>(RELAY_SETTINGS);
  let stopping = false;
  // Container runtimes send TERM and wait; a second signal while draining is ignored.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      closeRelayApp(app, config.shutdownGraceMs).then(
        () => process.exit(0),
        (error: unknown) => {
          Logger.error(`shutdown failed: ${String(error)}`, 'Shutdown');
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.port, config.host);
  app.flushLogs();
  Logger.log(`otx-relay listening on ${boundUrl(app.getHttpServer().address())}`, 'Bootstrap');
  // Supervisors and tests wait for this line: it goes out now, not with the next block.
  app.get<Pino>(RELAY_PINO).flush();
}
