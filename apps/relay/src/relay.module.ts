import { AuthModule, JwtAuthGuard } from '@app/auth';
import { OtxModule, OtxObserver } from '@app/otx';
import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { loadRelayConfig, RelaySettings } from './config/relay.config';
import { RELAY_SETTINGS, RelaySettingsModule } from './config/relay-settings';
import { RelayExceptionFilter } from './errors/relay-exception.filter';
import { HealthController } from './health/health.controller';
import { INTEL_PROVIDERS, IntelProvider } from './intel/intel-provider';
import { OtxIntelProvider } from './intel/otx.intel-provider';
import { relayLoggingModule, RelayLoggingOptions } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OTX_OBSERVER } from './metrics/metrics.constants';
import { BodyBeforeAuthGuard } from './observe/body-before-auth';
import { ObservablesPipe } from './observe/observables.pipe';
import { ObserveController } from './observe/observe.controller';
import { ObserveService } from './observe/observe.service';

type ModuleImports = NonNullable<ModuleMetadata['imports']>;

/** Intel providers asked beside AlienVault OTX (docs/extending.md). */
export interface RelayIntelOptions {
  /** The modules they need (a lib's module, configured for them). */
  imports?: ModuleImports;
  /** Classes implementing `IntelProvider`; answers are merged in this order, after OTX's. */
  providers?: Type<IntelProvider>[];
}

export interface RelayModuleOptions {
  /** Environment to read instead of `process.env` (tests run several relays in one process). */
  env?: Record<string, string | undefined>;
  logging?: RelayLoggingOptions;
  intel?: RelayIntelOptions;
}

/** Settings, logs, metrics (when enabled), auth and OTX, for the settings given. */
function relayImports(settings: RelaySettings, options: RelayModuleOptions): ModuleImports {
  return [
    RelaySettingsModule.forRoot(settings),
    relayLoggingModule(options.logging),
    // Not imported when disabled, so that /metrics answers 404.
    ...(settings.metricsEnabled ? [MetricsModule.forRoot()] : []),
    AuthModule.forRootAsync({
      inject: [RELAY_SETTINGS],
      useFactory: (s: RelaySettings) => s.auth,
    }),
    OtxModule.forRootAsync({
      inject: [RELAY_SETTINGS, { token: OTX_OBSERVER, optional: true }],
      // The metrics observer, when metrics are on.
      useFactory: (s: RelaySettings, observer?: OtxObserver) => ({ ...s.otx, observer }),
    }),
  ];
}

/** The relay: configuration, auth, OTX and the endpoints of the Threat Response contract. */
@Module({})
export class RelayModule {
  static forRoot(options: RelayModuleOptions = {}): DynamicModule {
    // Validated here, before anything starts: a bad variable stops the process.
    const settings = loadRelayConfig(options.env ?? process.env);
    const extra = options.intel?.providers ?? [];
    return {
      module: RelayModule,
      imports: [...relayImports(settings, options), ...(options.intel?.imports ?? [])],
      controllers: [ObserveController, HealthController],
      providers: [
        ObservablesPipe,
        ObserveService,
        OtxIntelProvider,
        ...extra,
        {
          provide: INTEL_PROVIDERS,
          inject: [OtxIntelProvider, ...extra],
          useFactory: (...providers: IntelProvider[]) => providers,
        },
        // In this order: an invalid body is reported before a missing token (contract §4.1).
        { provide: APP_GUARD, useClass: BodyBeforeAuthGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_FILTER, useClass: RelayExceptionFilter },
      ],
    };
  }
}
