import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BenchCorpus } from './bench/bench-corpus';
import { ControlController } from './control/control.controller';
import { FaultsService } from './control/faults.service';
import { StatsService } from './control/stats.service';
import { OtxExceptionFilter } from './http/otx-exception.filter';
import { JwksController } from './jwks/jwks.controller';
import { SimKeysService } from './jwks/sim-keys.service';
import { OTX_SIM_OPTIONS } from './otx-sim.constants';
import type { OtxSimOptions } from './otx-sim.options';
import { ApiKeyGuard } from './otx/api-key.guard';
import { IndicatorsService } from './otx/indicators.service';
import { OtxController } from './otx/otx.controller';
import { PageCache } from './otx/page-cache';
import { PulsesService } from './otx/pulses.service';
import { UserService } from './otx/user.service';

/** The simulator: OTX routes, JWKS and control API. Use `createOtxSimApp` to run it. */
@Module({})
export class OtxSimModule {
  /** The module for one set of resolved options. */
  static forRoot(options: OtxSimOptions): DynamicModule {
    return {
      module: OtxSimModule,
      controllers: [OtxController, JwksController, ControlController],
      providers: [
        { provide: OTX_SIM_OPTIONS, useValue: options },
        {
          provide: BenchCorpus,
          useValue: new BenchCorpus({
            observables: options.benchObservables,
            pulsesPerObservable: options.benchPulses,
            pageSize: options.maxPageSize,
            pulseSize: options.benchPulseSize,
            matchAt: options.benchMatchAt,
          }),
        },
        { provide: PageCache, useValue: new PageCache(options.pageCacheMb * 2 ** 20) },
        { provide: APP_FILTER, useClass: OtxExceptionFilter },
        ApiKeyGuard,
        UserService,
        IndicatorsService,
        PulsesService,
        SimKeysService,
        StatsService,
        FaultsService,
      ],
    };
  }
}
