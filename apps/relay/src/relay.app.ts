import { LogLevel } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { RELAY_CONFIG, RelayConfig } from './config/relay.config';
import { registerBodyParser } from './http/body-parser';
import { RelayModule, RelayModuleOptions } from './relay.module';

export interface CreateRelayAppOptions extends RelayModuleOptions {
  logger?: false | LogLevel[];
}

/**
 * Builds the relay exactly as production runs it (main.ts only listens), so end-to-end
 * tests exercise the same adapter, parser, pipes, guard and filter.
 */
export async function createRelayApp(
  options: CreateRelayAppOptions = {},
): Promise<NestFastifyApplication> {
  const module = RelayModule.forRoot(options);
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn', 'log'],
    abortOnError: false,
  });
  const config = app.get(ConfigService).getOrThrow<RelayConfig>(RELAY_CONFIG);
  registerBodyParser(app.getHttpAdapter().getInstance(), config.bodyLimitBytes);
  await app.init();
  return app;
}
