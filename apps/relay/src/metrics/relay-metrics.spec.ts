import type { OtxObserver } from '@app/otx';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { MetricsModule } from './metrics.module';
import { METRICS } from './metric-names';
import { OTX_OBSERVER } from './metrics.constants';
import { RelayMetrics } from './relay-metrics';

/** The value of one sample of the registry's text exposition, or 0 when absent. */
async function sample(name: string, labels: string): Promise<number> {
  const text = await register.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe(RelayMetrics.name, () => {
  let metrics: RelayMetrics;
  let observer: OtxObserver;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule.forRoot()],
    }).compile();
    metrics = moduleRef.get(RelayMetrics);
    observer = moduleRef.get<OtxObserver>(OTX_OBSERVER);
  });

  it('is the OTX observer', () => {
    expect(observer).toBe(metrics);
  });

  it('counts answered requests by route and outcome, and their latency', async () => {
    metrics.requestAnswered('/health', 'authorization error', 0.02);
    metrics.requestAnswered('/health', 'authorization error', 3);
    expect(await sample(METRICS.requests, 'route="/health",outcome="authorization error"')).toBe(2);
    expect(await sample(`${METRICS.requestSeconds}_count`, 'route="/health"')).toBe(2);
    expect(await sample(`${METRICS.requestSeconds}_bucket`, 'le="0.025",route="/health"')).toBe(1);
  });

  it('counts OTX calls by endpoint and status, with their duration', async () => {
    observer.onRequest?.({ endpoint: 'general', status: 200, durationMs: 40 });
    observer.onRequest?.({ endpoint: 'general', status: 'TIMEOUT', durationMs: 500 });
    expect(await sample(METRICS.otxRequests, 'endpoint="general",status="200"')).toBe(1);
    expect(await sample(METRICS.otxRequests, 'endpoint="general",status="TIMEOUT"')).toBe(1);
    expect(await sample(`${METRICS.otxRequestSeconds}_sum`, 'endpoint="general"')).toBeCloseTo(
      0.54,
    );
  });

  it('counts retries, cache hits and misses, and rejections', async () => {
    observer.onRetry?.({ endpoint: 'pulse-indicators', reason: '429' });
    observer.onCache?.({ kind: 'pulse', hit: true });
    observer.onCache?.({ kind: 'pulse', hit: false });
    observer.onCache?.({ kind: 'general', hit: false });
    observer.onRejected?.({ reason: 'breaker' });
    expect(await sample(METRICS.otxRetries, 'endpoint="pulse-indicators",reason="429"')).toBe(1);
    expect(await sample(METRICS.otxCacheHits, 'kind="pulse"')).toBe(1);
    expect(await sample(METRICS.otxCacheMisses, 'kind="pulse"')).toBe(1);
    expect(await sample(METRICS.otxCacheMisses, 'kind="general"')).toBe(1);
    expect(await sample(METRICS.otxRejections, 'reason="breaker"')).toBe(1);
  });

  it('counts the body bytes read of streamed OTX answers', async () => {
    observer.onBytes?.({ endpoint: 'pulse-indicators', bytes: 2_943_265 });
    observer.onBytes?.({ endpoint: 'pulse-indicators', bytes: 65_536 });
    expect(await sample(METRICS.otxResponseBytes, 'endpoint="pulse-indicators"')).toBe(3_008_801);
  });

  it('exports the default process metrics once, however many relays a process builds', async () => {
    await Test.createTestingModule({ imports: [MetricsModule.forRoot()] }).compile();
    expect(await register.metrics()).toContain('process_cpu_user_seconds_total');
  });
});
