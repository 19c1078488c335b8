import { Logger } from '@nestjs/common';
import type { OtxEndpoint } from './otx.exception';
import { otxLogMessage } from './otx-log';

/** One upstream attempt ended: an HTTP status, or the error code when there was no answer. */
export interface OtxRequestEvent {
  endpoint: OtxEndpoint;
  status: number | string;
  durationMs: number;
}

/**
 * Hooks for metrics (e.g. Prometheus counters); every method is optional. They are called
 * synchronously on the lookup path, so they must be cheap; whatever they throw is logged and
 * ignored, never seen by the lookup.
 */
export interface OtxObserver {
  /** After each real request to OTX (retries included; cache hits and coalesced waits make none). */
  onRequest?(e: OtxRequestEvent): void;
  /** Before waiting to retry; `reason` is the status (`'429'`, `'503'`) or error code (`'TIMEOUT'`). */
  onRetry?(e: { endpoint: OtxEndpoint; reason: string }): void;
  /** After a streamed answer's body: the bytes read of it (less than all when it stopped early). */
  onBytes?(e: { endpoint: OtxEndpoint; bytes: number }): void;
  /** Per cache lookup: a general lookup, or one value's membership in one pulse. */
  onCache?(e: { kind: 'general' | 'pulse'; hit: boolean }): void;
  /** A call refused without (or cut during) a request: budget empty, breaker open, deadline. */
  onRejected?(e: { reason: 'budget' | 'breaker' | 'deadline' }): void;
}

type Events = { [K in keyof OtxObserver]-?: Parameters<NonNullable<OtxObserver[K]>>[0] };

const logger = new Logger('OtxObserver');

/**
 * Calls `observer[hook](event)`; a throwing observer must never break a lookup. Its warning
 * carries `requestId`, the id of the request whose call it was, when given.
 */
export function notify<K extends keyof OtxObserver>(
  observer: OtxObserver | undefined,
  hook: K,
  event: Events[K],
  requestId?: string,
): void {
  const fn = observer?.[hook] as ((e: Events[K]) => void) | undefined;
  if (fn === undefined) return;
  try {
    fn.call(observer, event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'error';
    logger.warn(otxLogMessage(`observer ${hook} threw: ${reason}`, requestId));
  }
}
