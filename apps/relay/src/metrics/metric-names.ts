import { makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { Provider } from '@nestjs/common';
import { register } from 'prom-client';
import { RequestTally } from './request-tally';

/** Every metric the relay exports besides prom-client's default process metrics. */
export const METRICS = {
  requests: 'relay_requests_total',
  requestSeconds: 'relay_request_duration_seconds',
  otxRequests: 'relay_otx_requests_total',
  otxRequestSeconds: 'relay_otx_request_duration_seconds',
  otxRetries: 'relay_otx_retries_total',
  otxCacheHits: 'relay_otx_cache_hits_total',
  otxCacheMisses: 'relay_otx_cache_misses_total',
  otxRejections: 'relay_otx_rejections_total',
  otxResponseBytes: 'relay_otx_response_bytes_total',
} as const;

// Relay answers wait on OTX (timeouts of seconds); OTX calls themselves are usually faster.
const REQUEST_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60];
const OTX_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const METRIC_PROVIDERS: Provider[] = [
  // Counted on every answer, so tallied by the relay and read by prom-client when scraped.
  {
    provide: RequestTally,
    useFactory: () =>
      RequestTally.registered(
        register,
        { requests: METRICS.requests, seconds: METRICS.requestSeconds },
        {
          requests:
            'Requests answered, by route pattern and outcome (ok, partial or the first error code)',
          seconds: 'Time to answer a request, by route pattern',
        },
        REQUEST_BUCKETS,
      ),
  },
  makeCounterProvider({
    name: METRICS.otxRequests,
    help: 'HTTP calls to OTX, by endpoint and status (a number, or the failure for no answer)',
    labelNames: ['endpoint', 'status'],
  }),
  makeHistogramProvider({
    name: METRICS.otxRequestSeconds,
    help: 'Duration of HTTP calls to OTX, by endpoint',
    labelNames: ['endpoint'],
    buckets: OTX_BUCKETS,
  }),
  makeCounterProvider({
    name: METRICS.otxRetries,
    help: 'OTX calls retried, by endpoint and reason',
    labelNames: ['endpoint', 'reason'],
  }),
  makeCounterProvider({
    name: METRICS.otxCacheHits,
    help: 'OTX answers served from the cache, by kind (general, pulse)',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: METRICS.otxCacheMisses,
    help: 'OTX cache look-ups that had to call OTX, by kind (general, pulse)',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: METRICS.otxRejections,
    help: 'OTX calls refused before being sent, by reason (budget, breaker, deadline)',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: METRICS.otxResponseBytes,
    help: 'Body bytes read of streamed OTX answers (pulse pages), by endpoint; a page left early counts what was read',
    labelNames: ['endpoint'],
  }),
];
