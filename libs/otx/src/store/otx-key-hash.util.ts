import { LRUCache } from 'lru-cache';
import { createHmac } from 'node:crypto';

// Fixed, not per process: relay processes sharing Redis must derive the same partition.
const NAMESPACE = 'otx-relay/otx-api-key/v1';

// A relay serves few keys, each on every request: the HMAC was 5% of a warm lookup's CPU.
const hashes = new LRUCache<string, string>({ max: 1000 });

/**
 * A stable pseudonym of an OTX key for cache, budget and breaker keys (private pulses differ
 * between keys). HMAC-SHA256 under a fixed namespace, 32 hex digits: the key itself is never
 * stored or sent to Redis.
 */
export function otxKeyHash(apiKey: string): string {
  let hash = hashes.get(apiKey);
  if (hash === undefined) {
    hash = createHmac('sha256', NAMESPACE).update(apiKey, 'utf8').digest('hex').slice(0, 32);
    hashes.set(apiKey, hash);
  }
  return hash;
}
