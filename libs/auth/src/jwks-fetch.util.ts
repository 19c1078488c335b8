import { isJsonObject } from './jwt-claims.util';

/** A JWKS answer that is not a 2xx JSON object. */
export class JwksFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwksFetchError';
  }
}

/**
 * Fetches a JWKS document for jwks-rsa (its `fetcher` option), under one deadline for the whole
 * exchange. jwks-rsa's own `timeout` only covers socket idleness: a host that trickles its body
 * would hold the request, and every caller waiting on that key, forever.
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
