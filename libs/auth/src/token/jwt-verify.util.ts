import {
  JsonWebTokenError,
  JwtService,
  JwtVerifyOptions,
  NotBeforeError,
  TokenExpiredError,
} from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { AUTH_REASONS } from '../auth.constants';
import { AuthException } from '../auth.exception';
import { isJsonObject, JsonObject } from './jwt-claims.util';

/**
 * What to check a token against: exactly one algorithm and its key, as a KeyObject made once.
 * Given PEM text or a string secret, jsonwebtoken parses it again on every verification, which
 * was 28% of the CPU of a warm /observe answer.
 */
export type VerifyKey =
  { algorithm: 'RS256'; publicKey: KeyObject } | { algorithm: 'HS256'; secret: KeyObject };

// jsonwebtoken reports a non-numeric exp/nbf this way: a malformed payload, not a bad key.
const BAD_TIME_CLAIM = /^invalid (exp|nbf) value$/;

function toAuthException(err: unknown, badSignatureReason: string): unknown {
  // Subclasses first: both extend JsonWebTokenError.
  if (err instanceof TokenExpiredError) return new AuthException(AUTH_REASONS.expired);
  if (err instanceof NotBeforeError) return new AuthException(AUTH_REASONS.notYetValid);
  if (!(err instanceof JsonWebTokenError)) return err; // not a verdict on the token
  const reason = BAD_TIME_CLAIM.test(err.message)
    ? AUTH_REASONS.wrongPayloadStructure
    : badSignatureReason;
  return new AuthException(reason, { cause: err });
}

/**
 * Verifies signature, `exp` and `nbf`. The audience is left to the caller so that a missing
 * `aud` can be told apart from a wrong one.
 */
export async function verifyJwt(
  jwt: JwtService,
  token: string,
  key: VerifyKey,
  clockTolerance: number,
  badSignatureReason: string,
): Promise<JsonObject> {
  // jsonwebtoken takes a KeyObject; @nestjs/jwt passes it through but types only string | Buffer.
  const keyOption = (key.algorithm === 'RS256'
    ? { publicKey: key.publicKey }
    : { secret: key.secret }) as unknown as Pick<JwtVerifyOptions, 'publicKey' | 'secret'>;
  let payload: unknown;
  try {
    payload = await jwt.verifyAsync<object>(token, {
      algorithms: [key.algorithm],
      clockTolerance,
      ...keyOption,
    });
  } catch (err) {
    throw toAuthException(err, badSignatureReason);
  }
  if (!isJsonObject(payload)) throw new AuthException(AUTH_REASONS.wrongJwtStructure);
  return payload;
}
