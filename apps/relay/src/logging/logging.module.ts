import { DynamicModule, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { RELAY_CONFIG, RelayConfig } from '../config/relay.config';
import { pinoHttpParam } from './pino-options';

export interface RelayLoggingOptions {
  /** No log at all (tests). */
  silent?: boolean;
  /** Where JSON lines go instead of stdout (tests read them). */
  stream?: DestinationStream;
}

/**
 * nestjs-pino over pino-http: JSON lines at `LOG_LEVEL`, one per request, and Nest's own logs
 * through the same pino logger (bound to the request id inside a request).
 */
export function relayLoggingModule(options: RelayLoggingOptions = {}): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService) => ({
      pinoHttp: pinoHttpParam(
        options.silent ? 'silent' : config.getOrThrow<RelayConfig>(RELAY_CONFIG).logLevel,
        options.stream,
      ),
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    }),
  });
}
