import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, KeyObject } from 'node:crypto';
import { assertValidAuthOptions } from './auth-options.util';
import { AUTH_REASONS } from './auth.constants';
import { AuthException } from './auth.exception';
import { AuthModuleOptions, AuthPrincipal } from './auth.interfaces';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { readBearerToken } from './token/bearer-token.util';
import { JwksKeyStore } from './jwks/jwks-key.store';
import {
  checkAlgorithm,
  checkAudience,
  decodeUnverified,
  JsonObject,
  toPrincipal,
  UnverifiedJwt,
} from './token/jwt-claims.util';
import { verifyJwt } from './token/jwt-verify.util';
import { VerifiedTokenCache } from './token/verified-token.cache';
import { authLogMessage } from './auth-log';

/** Turns an `Authorization` header into an {@link AuthPrincipal} (contract §4). */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** The shared secret as a key, made once (secret mode only). */
  private readonly secretKey: KeyObject | undefined;
  private readonly verified: VerifiedTokenCache;

  constructor(
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly jwt: JwtService,
    private readonly keys: JwksKeyStore,
  ) {
    assertValidAuthOptions(options);
    this.secretKey =
      options.mode === 'secret' ? createSecretKey(options.secret ?? '', 'utf8') : undefined;
    // In secret mode the key never changes: only the cache's own bound applies.
    this.verified = new VerifiedTokenCache(
      options.mode === 'jwks' ? options.jwksCacheTtlMs : Infinity,
      options.clockToleranceSec ?? 0,
    );
  }

  /**
   * Verifies the bearer token of `authorization` for `expectedAudience` (the relay's URL root).
   * What it logs carries `requestId`, the request whose token it is, when given.
   * @throws {AuthException} on any failure, and nothing else; never quotes the token or key.
   */
  async authenticate(
    authorization: string | undefined,
    expectedAudience: string,
    requestId?: string,
  ): Promise<AuthPrincipal> {
    try {
      return await this.check(authorization, expectedAudience, requestId);
    } catch (err) {
      if (err instanceof AuthException) throw err;
      // Only the class name: messages of third-party errors are not vetted for secrets.
      const kind = err instanceof Error ? err.name : typeof err;
      this.logger.error(authLogMessage(`Unexpected ${kind} while checking a JWT`, requestId));
      throw new AuthException(AUTH_REASONS.unexpected);
    }
  }

  private async check(
    authorization: string | undefined,
    audience: string,
    requestId: string | undefined,
  ): Promise<AuthPrincipal> {
    const token = readBearerToken(authorization);
    const payload = this.verified.get(token) ?? (await this.verify(token, requestId));
    // Legacy HS256 tokens carried no aud, so only jwks mode requires one.
    checkAudience(payload, audience, this.options.mode === 'jwks');
    return toPrincipal(payload, this.options);
  }

  /** Checks the token's header, signature, `exp` and `nbf`, and remembers a success. */
  private async verify(token: string, requestId: string | undefined): Promise<JsonObject> {
    const unverified = decodeUnverified(this.jwt, token);
    checkAlgorithm(unverified.header, this.options.mode);
    const payload =
      this.options.mode === 'jwks'
        ? await this.verifyWithJwks(token, unverified, requestId)
        : await this.verifyWithSecret(token);
    this.verified.set(token, payload);
    return payload;
  }

  private async verifyWithJwks(
    token: string,
    { header, payload }: UnverifiedJwt,
    requestId: string | undefined,
  ): Promise<JsonObject> {
    if (!Object.hasOwn(payload, 'jwks_host')) {
      throw new AuthException(AUTH_REASONS.jwksHostMissing);
    }
    // Before any request: jwks_host comes from a token nobody has verified yet.
    if (!this.keys.isAllowed(payload.jwks_host)) {
      throw new AuthException(AUTH_REASONS.jwksHostNotAllowed);
    }
    if (typeof header.kid !== 'string') throw new AuthException(AUTH_REASONS.wrongPayloadStructure);
    const publicKey = await this.keys.publicKey(payload.jwks_host, header.kid, requestId);
    return verifyJwt(
      this.jwt,
      token,
      { algorithm: 'RS256', publicKey },
      this.options.clockToleranceSec ?? 0,
      AUTH_REASONS.badRsaSignature,
    );
  }

  private verifyWithSecret(token: string): Promise<JsonObject> {
    // Set whenever the mode is secret: the constructor checked the options.
    const secret = this.secretKey ?? createSecretKey(this.options.secret ?? '', 'utf8');
    return verifyJwt(
      this.jwt,
      token,
      { algorithm: 'HS256', secret },
      this.options.clockToleranceSec ?? 0,
      AUTH_REASONS.badSecretSignature,
    );
  }
}
