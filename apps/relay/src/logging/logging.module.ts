import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import { RelaySettings } from '../config/relay.config';
import { RELAY_SETTINGS } from '../config/relay-settings';
import { createRelayPino } from './pino-options';

export interface RelayLoggingOptions {
  /** No log at all (tests). */
  silent?: boolean;
  /** Where JSON lines go instead of stdout (tests read them). */
  stream?: DestinationStream;
}

/** The relay's root pino logger: the request hooks write their lines to it. */
export const RELAY_PINO = Symbol('RELAY_PINO');

@Global()
@Module({})
class RelayPinoModule {
  static forRoot(options: RelayLoggingOptions): DynamicModule {
    return {
      module: RelayPinoModule,
      providers: [
        {
          provide: RELAY_PINO,
          inject: [RELAY_SETTINGS],
          useFactory: (settings: Pick<RelaySettings, 'logLevel'>): Logger =>
            createRelayPino(options.silent ? 'silent' : settings.logLevel, options.stream),
        },
      ],
      exports: [RELAY_PINO],
    };
  }
}

/**
 * JSON lines at `LOG_LEVEL`: Nest's own logs through nestjs-pino's `Logger` (a line written for
 * a request names its `requestId` itself, contract §13.1), and one line per request written by
 * the request hooks.
 */
export function relayLoggingModule(options: RelayLoggingOptions = {}): DynamicModule {
  return LoggerModule.forRootAsync({
    imports: [RelayPinoModule.forRoot(options)],
    inject: [RELAY_PINO],
    // No routes: the request hooks write the request lines, not pino-http middleware.
    useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
  });
}
