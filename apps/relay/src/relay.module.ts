import { AuthModule, JwtAuthGuard } from '@app/auth';
import { OtxModule } from '@app/otx';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { loadRelayConfig, RELAY_CONFIG, RelayConfig } from './config/relay.config';
import { RelayExceptionFilter } from './errors/relay-exception.filter';
import { HealthController } from './health/health.controller';
import { INTEL_PROVIDERS } from './intel/intel-provider';
import { OtxIntelProvider } from './intel/otx.intel-provider';
import { ObservablesPipe } from './observe/observables.pipe';
import { ObserveController } from './observe/observe.controller';
import { ObserveService } from './observe/observe.service';

export interface RelayModuleOptions {
  /** Environment to read instead of `process.env` (tests run several relays in one process). */
  env?: Record<string, string | undefined>;
}

const relayConfig = (config: ConfigService): RelayConfig =>
  config.getOrThrow<RelayConfig>(RELAY_CONFIG);

/** The relay: configuration, auth, OTX and the endpoints of the Threat Response contract. */
@Module({})
export class RelayModule {
  static forRoot(options: RelayModuleOptions = {}): DynamicModule {
    // Validated here, before anything starts: a bad variable stops the process.
    const config = loadRelayConfig(options.env ?? process.env);
    return {
      module: RelayModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ [RELAY_CONFIG]: config })],
        }),
        AuthModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService) => relayConfig(c).auth,
        }),
        OtxModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService) => relayConfig(c).otx,
        }),
      ],
      controllers: [ObserveController, HealthController],
      providers: [
        ObservablesPipe,
        ObserveService,
        OtxIntelProvider,
        {
          provide: INTEL_PROVIDERS,
          inject: [OtxIntelProvider],
          useFactory: (otx: OtxIntelProvider) => [otx],
        },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_FILTER, useClass: RelayExceptionFilter },
      ],
    };
  }
}
