import { AUTH_REASONS } from '../auth.constants';
import { AuthException } from '../auth.exception';

/** The token of an `Authorization: Bearer <token>` header (contract §4.1 step 1). */
export function readBearerToken(authorization: string | undefined): string {
  const parts = (authorization ?? '').trim().split(/\s+/);
  if (parts[0] === '') throw new AuthException(AUTH_REASONS.headerMissing);
  if (parts[0].toLowerCase() !== 'bearer') throw new AuthException(AUTH_REASONS.wrongType);
  // The original crashed (HTTP 500) on `Bearer` alone or extra parts; we answer.
  if (parts.length !== 2) throw new AuthException(AUTH_REASONS.wrongHeaderStructure);
  return parts[1];
}
