import { createHmac } from 'node:crypto';

// Fixed, not per process: relay processes sharing Redis must derive the same partition.
const NAMESPACE = 'otx-relay/otx-api-key/v1';

/**
 * A stable pseudonym of an OTX key for cache, budget and breaker keys (private pulses differ
 * between keys). HMAC-SHA256 under a fixed namespace, 32 hex digits: the key itself is never
 * stored or sent to Redis.
 */
export function otxKeyHash(apiKey: string): string {
  return createHmac('sha256', NAMESPACE).update(apiKey, 'utf8').digest('hex').slice(0, 32);
}
