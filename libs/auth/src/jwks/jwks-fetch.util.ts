import { isJsonObject } from '../token/jwt-claims.util';

/** A JWKS answer that is not a 2xx JSON object. */
export class JwksFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwksFetchError';
  }
}

/**
 * Fetches a JWKS document for jwks-rsa (its `fetcher` option), under one deadline for the whole
 * exchange. jwks-rsa keeps the key set (per-host cache with TTL, one refetch for an unknown kid,
 * JWKS_REQUESTS_PER_MINUTE); only this exchange is ours, as no maintained fetcher keeps it:
 * - jwks-rsa 4's own request times out on socket idleness only, so a host that trickles its body
 *   holds the request, and every caller waiting on that key, forever; and it reads an empty body
 *   or a JSON array as a key set without keys, a payload error instead of an unusable JWKS
 *   (contract §4.1 steps 3-4).
 * - jose's createRemoteJWKSet has the deadline, but its cool-down refuses an unknown kid right
 *   after a fetch instead of refetching once (contract §4.4), and without the cool-down nothing
 *   bounds refetches; it also reports a JSON array and an object whose `keys` is not a list as
 *   the same error, and an empty key set as an unknown kid, which the contract tells apart.
 */
export async function fetchJwks(uri: string, timeoutMs: number): Promise<{ keys: unknown[] }> {
  const res = await fetch(uri, {
    signal: AbortSignal.timeout(timeoutMs),
    // The allow-list vouches for one host only; a redirect would leave it.
    redirect: 'error',
    headers: { accept: 'application/json' },
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new JwksFetchError(`HTTP ${res.status}`);
  }
  const body: unknown = await res.json();
  if (!isJsonObject(body)) throw new JwksFetchError('the body is not a JSON object');
  // No usable `keys` list: jwks-rsa then reports "no keys", a payload problem per the contract.
  return { keys: Array.isArray(body.keys) ? (body.keys as unknown[]) : [] };
}
