import { sign, SignOptions } from 'jsonwebtoken';
import { request } from './http';

/** An RS256 token signed by the simulator's key, which its JWKS serves. */
export async function simToken(
  simUrl: string,
  claims: Record<string, unknown>,
  options: { kid?: string; expiresInSec?: number } = {},
): Promise<string> {
  const res = await request(`${simUrl}/_sim/token`, {
    body: {
      claims,
      header: options.kid ? { kid: options.kid } : undefined,
      expiresInSec: options.expiresInSec,
    },
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`token mint failed: ${res.text}`);
  return (res.body as { token: string }).token;
}

/** The claims Threat Response puts in a configuration token for this relay. */
export function trClaims(simUrl: string, relayUrl: string, extra: Record<string, unknown> = {}) {
  return { key: 'test-otx-key', jwks_host: new URL(simUrl).host, aud: relayUrl, ...extra };
}

/** An HS256 token, as in the legacy self-hosted mode. */
export function secretToken(
  secret: string,
  claims: Record<string, unknown>,
  options: SignOptions = {},
): string {
  return sign(claims, secret, { algorithm: 'HS256', ...options });
}
