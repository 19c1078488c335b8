import { LRUCache } from 'lru-cache';
import type { JsonObject } from './jwt-claims.util';

/** Longest a verified token is trusted without checking its signature again. */
export const VERIFIED_TOKEN_MAX_MS = 60_000;
const MAX_ENTRIES = 10_000;
// Tokens are counted by length: up to 64 KB each is accepted.
const MAX_TOTAL_CHARS = 16 * 1024 * 1024;

interface Entry {
  payload: JsonObject;
  until: number;
}

/**
 * Payloads of tokens whose signature, `exp` and `nbf` were verified, by token. A console sends
 * the same token with every request, and the RSA check was the largest cost of a warm lookup.
 * An entry lives at most {@link VERIFIED_TOKEN_MAX_MS}, never past the token's `exp` (plus the
 * clock tolerance) nor past `keyTtlMs`, so a key dropped from a JWKS stops being honoured about as
 * soon as it would without this cache. Only successes are kept; audience and claims are checked
 * on every request by the caller.
 */
export class VerifiedTokenCache {
  private readonly entries = new LRUCache<string, Entry>({
    max: MAX_ENTRIES,
    maxSize: MAX_TOTAL_CHARS,
    sizeCalculation: (_entry, token) => token.length,
  });

  /**
   * @param keyTtlMs how long the verifying key itself is cached (0: no caching here either)
   * @param clockToleranceSec the leeway `exp` was checked with
   * @param now the clock (tests use a fake one)
   */
  constructor(
    private readonly keyTtlMs: number,
    private readonly clockToleranceSec: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(token: string): JsonObject | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (this.now() < entry.until) return entry.payload;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, payload: JsonObject): void {
    const now = this.now();
    let until = now + Math.min(VERIFIED_TOKEN_MAX_MS, this.keyTtlMs);
    if (typeof payload.exp === 'number') {
      until = Math.min(until, (payload.exp + this.clockToleranceSec) * 1000);
    }
    if (until > now) this.entries.set(token, { payload, until });
  }
}
