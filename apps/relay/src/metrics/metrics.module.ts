import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, register } from 'prom-client';
import { METRIC_PROVIDERS } from './metric-names';
import { MetricsController } from './metrics.controller';
import { OTX_OBSERVER } from './metrics.constants';
import { RelayMetrics } from './relay-metrics';

/** prom-client's registry is per process: several relays in one test process share it. */
function collectDefaultMetricsOnce(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics();
}

/** `GET /metrics` and the metrics of requests and OTX calls; not imported when disabled. */
@Module({})
export class MetricsModule {
  static forRoot(): DynamicModule {
    collectDefaultMetricsOnce();
    return {
      module: MetricsModule,
      // Global so that the OTX module's factory can inject the observer.
      global: true,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          defaultMetrics: { enabled: false },
        }),
      ],
      providers: [
        ...METRIC_PROVIDERS,
        RelayMetrics,
        { provide: OTX_OBSERVER, useExisting: RelayMetrics },
      ],
      exports: [RelayMetrics, OTX_OBSERVER],
    };
  }
}
