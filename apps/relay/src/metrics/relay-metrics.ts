import type { OtxObserver } from '@app/otx';
import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram } from 'prom-client';
import { METRICS } from './metric-names';
import { RequestTally } from './request-tally';

/** The argument of an observer hook. */
type Event<K extends keyof OtxObserver> = Parameters<Required<OtxObserver>[K]>[0];

/** Records what the relay and its OTX client do; also the observer given to `OtxModule`. */
@Injectable()
export class RelayMetrics implements OtxObserver {
  constructor(
    private readonly requests: RequestTally,
    @InjectMetric(METRICS.otxRequests) private readonly otxRequests: Counter<'endpoint' | 'status'>,
    @InjectMetric(METRICS.otxRequestSeconds) private readonly otxSeconds: Histogram<'endpoint'>,
    @InjectMetric(METRICS.otxRetries) private readonly otxRetries: Counter<'endpoint' | 'reason'>,
    @InjectMetric(METRICS.otxCacheHits) private readonly cacheHits: Counter<'kind'>,
    @InjectMetric(METRICS.otxCacheMisses) private readonly cacheMisses: Counter<'kind'>,
    @InjectMetric(METRICS.otxRejections) private readonly rejections: Counter<'reason'>,
    @InjectMetric(METRICS.otxResponseBytes) private readonly responseBytes: Counter<'endpoint'>,
  ) {}

  requestAnswered(route: string, outcome: string, seconds: number): void {
    this.requests.record(route, outcome, seconds);
  }

  onRequest(e: Event<'onRequest'>): void {
    this.otxRequests.inc({ endpoint: e.endpoint, status: String(e.status) });
    this.otxSeconds.observe({ endpoint: e.endpoint }, e.durationMs / 1000);
  }

  onRetry(e: Event<'onRetry'>): void {
    this.otxRetries.inc({ endpoint: e.endpoint, reason: e.reason });
  }

  onBytes(e: Event<'onBytes'>): void {
    this.responseBytes.inc({ endpoint: e.endpoint }, e.bytes);
  }

  onCache(e: Event<'onCache'>): void {
    (e.hit ? this.cacheHits : this.cacheMisses).inc({ kind: e.kind });
  }

  onRejected(e: Event<'onRejected'>): void {
    this.rejections.inc({ reason: e.reason });
  }
}
