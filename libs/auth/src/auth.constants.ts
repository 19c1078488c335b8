/** Reasons of `Authorization failed: <reason>`, byte for byte as the contract (§3.3, §4) says. */
export const AUTH_REASONS = {
  headerMissing: 'Authorization header is missing',
  wrongType: 'Wrong authorization type',
  wrongHeaderStructure: 'Wrong authorization header structure: expected "Bearer <token>"',
  wrongJwtStructure: 'Wrong JWT structure',
  onlyRs256: 'Unsupported JWT algorithm: only RS256 is accepted',
  onlyHs256: 'Unsupported JWT algorithm: only HS256 is accepted',
  jwksHostMissing:
    'jwks_host is missing in JWT payload. Make sure custom_jwks_host field is present in module_type',
  jwksHostNotAllowed:
    "Wrong jwks_host in JWT payload. The host is not in this relay's JWKS_ALLOWED_HOSTS",
  jwksHostUnreachable:
    'Wrong jwks_host in JWT payload. Make sure domain follows the visibility.<region>.cisco.com structure',
  kidNotFound: 'kid from JWT header not found in API response',
  wrongPayloadStructure: 'Wrong JWT payload structure',
  emptyKey:
    "The module's AlienVault OTX API key is empty: set OTX API Key in the module's configuration",
  badRsaSignature:
    'Failed to decode JWT with provided key. Make sure domain in custom_jwks_host corresponds to your SecureX instance region.',
  badSecretSignature: 'Failed to decode JWT with provided key',
  expired: 'The JWT has expired',
  notYetValid: 'The JWT is not yet valid',
  audienceMissing: 'Wrong configuration-token-audience: the JWT has no aud claim',
  audienceWrong: 'Wrong configuration-token-audience',
  unexpected: 'Unexpected error while checking the JWT',
} as const;

/** Route metadata set by `@Public()`. */
export const IS_PUBLIC_KEY = Symbol('auth:is-public');

/** Where the guard leaves the principal on the request, for `@Principal()`. */
export const PRINCIPAL_KEY = Symbol('auth:principal');

/**
 * JWKS fetches per host and minute. A cache miss (unknown `kid`) refetches once, but a
 * stream of forged kids must not turn the relay into a load generator against TR.
 */
export const JWKS_REQUESTS_PER_MINUTE = 10;
