/** Options of {@link AuthModule}; the relay builds them from its environment. */
export interface AuthModuleOptions {
  /** `jwks`: RS256 tokens checked against Threat Response's JWKS. `secret`: HS256 shared secret. */
  mode: 'jwks' | 'secret';
  /** HS256 shared secret; required when `mode` is `secret`. */
  secret?: string;
  /** Expected `aud` (the relay's public URL, no trailing slash); else derived from the request. */
  audience?: string;
  /** Hosts (`host` or `host:port`) whose JWKS may be fetched; compared exactly. */
  jwksAllowedHosts: string[];
  /** JWKS URL with a `{host}` placeholder, e.g. `https://{host}/.well-known/jwks`. */
  jwksUrlTemplate: string;
  /** Deadline for one whole JWKS fetch (connect, headers and body). */
  jwksTimeoutMs: number;
  /** How long fetched signing keys are reused; 0 disables the cache. */
  jwksCacheTtlMs: number;
  /** Entities limit when the token has no valid `CTR_ENTITIES_LIMIT` claim. */
  entitiesLimitDefault: number;
  /** Upper bound of the entities limit. */
  entitiesLimitMax: number;
  /** Leeway for `exp` and `nbf`, in seconds (default 0, as the original relay). */
  clockToleranceSec?: number;
}

/** What a verified token grants one request. Request-scoped: never store it globally. */
export interface AuthPrincipal {
  /** OTX API key from the `key` claim (may be empty). Never log it. */
  apiKey: string;
  /** Max entities per observable, from `CTR_ENTITIES_LIMIT` or the default. */
  entitiesLimit: number;
}
