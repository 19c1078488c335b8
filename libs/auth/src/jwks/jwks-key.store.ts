import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JwksClient,
  JwksError,
  JwksRateLimitError,
  SigningKey,
  SigningKeyNotFoundError,
} from 'jwks-rsa';
import { createPublicKey, KeyObject } from 'node:crypto';
import { AUTH_REASONS, JWKS_REQUESTS_PER_MINUTE } from '../auth.constants';
import { AuthException } from '../auth.exception';
import { AuthModuleOptions } from '../auth.interfaces';
import { AUTH_MODULE_OPTIONS } from '../auth.module-definition';
import { fetchJwks } from './jwks-fetch.util';
import { authLogMessage } from '../auth-log';

const NO_KEYS = /did not contain any (signing )?keys/;

function reasonFor(err: unknown): string {
  if (err instanceof SigningKeyNotFoundError || err instanceof JwksRateLimitError) {
    return AUTH_REASONS.kidNotFound;
  }
  if (err instanceof JwksError && NO_KEYS.test(err.message)) {
    return AUTH_REASONS.wrongPayloadStructure;
  }
  return AUTH_REASONS.jwksHostUnreachable;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return `${err.name}: ${err.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/**
 * Signing keys of the allowed JWKS hosts: one jwks-rsa client per host, created on first use
 * and kept, so keys are cached per host and an unknown `kid` refetches (rate-limited).
 */
@Injectable()
export class JwksKeyStore {
  private readonly logger = new Logger(JwksKeyStore.name);
  private readonly clients = new Map<string, JwksClient>();
  // Keyed by jwks-rsa's cached key: a refetched JWKS gives new SigningKeys, hence new KeyObjects.
  private readonly keyObjects = new WeakMap<SigningKey, KeyObject>();

  constructor(@Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions) {}

  /** Exact match only: no case folding, trailing dot, userinfo or port defaulting. */
  isAllowed(host: unknown): host is string {
    return typeof host === 'string' && this.options.jwksAllowedHosts.includes(host);
  }

  /**
   * The public key for `kid` from `host`'s JWKS; throws {@link AuthException}. A warning about
   * the key set carries `requestId`, the request whose token is checked, when given.
   */
  async publicKey(host: string, kid: string, requestId?: string): Promise<KeyObject> {
    // Checked here too: this is the only code that makes JWKS requests.
    if (!this.isAllowed(host)) throw new AuthException(AUTH_REASONS.jwksHostNotAllowed);
    try {
      const key = await this.client(host).getSigningKey(kid);
      let keyObject = this.keyObjects.get(key);
      if (!keyObject) {
        keyObject = createPublicKey(key.getPublicKey());
        this.keyObjects.set(key, keyObject);
      }
      return keyObject;
    } catch (err) {
      const reason = reasonFor(err);
      if (reason !== AUTH_REASONS.kidNotFound || err instanceof JwksRateLimitError) {
        this.logger.warn(authLogMessage(`JWKS of ${host} unusable: ${describe(err)}`, requestId));
      }
      throw new AuthException(reason, { cause: err });
    }
  }

  private client(host: string): JwksClient {
    let client = this.clients.get(host);
    if (!client) {
      client = this.createClient(host);
      this.clients.set(host, client);
    }
    return client;
  }

  private createClient(host: string): JwksClient {
    const { jwksUrlTemplate, jwksTimeoutMs, jwksCacheTtlMs } = this.options;
    return new JwksClient({
      jwksUri: jwksUrlTemplate.replaceAll('{host}', () => host),
      // lru-cache reads a TTL of 0 as "never expires", so 0 has to switch the cache off.
      cache: jwksCacheTtlMs > 0,
      cacheMaxAge: jwksCacheTtlMs,
      rateLimit: true,
      jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
      timeout: jwksTimeoutMs,
      fetcher: (uri) => fetchJwks(uri, jwksTimeoutMs),
    });
  }
}
