import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { OtxClient } from './otx.client';
import { ConfigurableModuleClass } from './otx.module-definition';

/**
 * Provides {@link OtxClient}, the only way to talk to AlienVault OTX.
 * @example OtxModule.forRootAsync({ inject: [RELAY_SETTINGS], useFactory: (s) => s.otx })
 */
@Module({
  imports: [HttpModule],
  providers: [OtxClient],
  exports: [OtxClient],
})
export class OtxModule extends ConfigurableModuleClass {}
