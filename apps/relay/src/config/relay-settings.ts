import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import type { RelaySettings } from './relay.config';

/** Injection token of the relay's {@link RelaySettings}, read once from the environment. */
export const RELAY_SETTINGS = Symbol('RELAY_SETTINGS');

/** Injects the relay's {@link RelaySettings}. */
export const InjectRelaySettings = (): ParameterDecorator => Inject(RELAY_SETTINGS);

/** Provides the settings everywhere: they are validated before the module is built. */
@Global()
@Module({})
export class RelaySettingsModule {
  static forRoot(settings: RelaySettings): DynamicModule {
    return {
      module: RelaySettingsModule,
      providers: [{ provide: RELAY_SETTINGS, useValue: settings }],
      exports: [RELAY_SETTINGS],
    };
  }
}
