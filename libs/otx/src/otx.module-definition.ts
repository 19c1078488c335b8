import { ConfigurableModuleBuilder } from '@nestjs/common';
import { OtxModuleOptions } from './otx.types';

/** `OtxModule.forRoot(options)` / `forRootAsync({ useFactory, inject })`, and the options token. */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: OTX_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<OtxModuleOptions>().setClassMethodName('forRoot').build();
