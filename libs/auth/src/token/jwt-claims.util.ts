import { JwtService } from '@nestjs/jwt';
import { AUTH_REASONS } from '../auth.constants';
import { AuthException } from '../auth.exception';
import { AuthModuleOptions, AuthPrincipal } from '../auth.interfaces';
import { parseEntitiesLimit } from './entities-limit.util';

export type JsonObject = Record<string, unknown>;

/** A token read without checking its signature: only good for choosing how to check it. */
export interface UnverifiedJwt {
  header: JsonObject;
  payload: JsonObject;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes header and payload without verification (contract §4.1 step 2). */
export function decodeUnverified(jwt: JwtService, token: string): UnverifiedJwt {
  let decoded: unknown;
  try {
    decoded = jwt.decode(token, { complete: true });
  } catch {
    decoded = null;
  }
  if (!isJsonObject(decoded) || !isJsonObject(decoded.header) || !isJsonObject(decoded.payload)) {
    throw new AuthException(AUTH_REASONS.wrongJwtStructure);
  }
  return { header: decoded.header, payload: decoded.payload };
}

/**
 * The mode, not the token, picks the algorithm: an HS256 token must never be checked with
 * the RSA public key as its secret (algorithm confusion), and `none` is never accepted.
 * The token's `alg` is attacker-controlled, so it is not echoed.
 */
export function checkAlgorithm(header: JsonObject, mode: AuthModuleOptions['mode']): void {
  const accepted = mode === 'jwks' ? 'RS256' : 'HS256';
  if (header.alg !== accepted) {
    throw new AuthException(mode === 'jwks' ? AUTH_REASONS.onlyRs256 : AUTH_REASONS.onlyHs256);
  }
}

/** `aud` must be, or list, the expected audience; when absent, only `required` refuses it. */
export function checkAudience(payload: JsonObject, expected: string, required: boolean): void {
  if (payload.aud === undefined) {
    if (required) throw new AuthException(AUTH_REASONS.audienceMissing);
    return;
  }
  const aud = payload.aud;
  const matches = aud === expected || (Array.isArray(aud) && aud.includes(expected));
  if (!matches) throw new AuthException(AUTH_REASONS.audienceWrong);
}

/** The request's principal from verified claims (contract §4.1 step 6). */
export function toPrincipal(payload: JsonObject, options: AuthModuleOptions): AuthPrincipal {
  if (!Object.hasOwn(payload, 'key')) throw new AuthException(AUTH_REASONS.wrongPayloadStructure);
  // The original answered a bare `Authorization failed.` for `key: null`.
  if (payload.key === null) throw new AuthException(null);
  if (typeof payload.key !== 'string') {
    throw new AuthException(AUTH_REASONS.wrongPayloadStructure);
  }
  // OTX serves a call without a key as anonymous, on a tiny quota shared by everyone behind the
  // relay's address: never make one (contract §4.1 step 6).
  if (payload.key === '') throw new AuthException(AUTH_REASONS.emptyKey);
  const entitiesLimit = parseEntitiesLimit(payload.CTR_ENTITIES_LIMIT, {
    defaultValue: options.entitiesLimitDefault,
    max: options.entitiesLimitMax,
  });
  return { apiKey: payload.key, entitiesLimit };
}
