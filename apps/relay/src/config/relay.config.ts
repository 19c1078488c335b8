import { AuthModuleOptions } from '@app/auth';
import { OtxModuleOptions } from '@app/otx';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvDto, SECRET_ENV_VARS } from './env.dto';

/** Key of the relay's configuration in Nest's ConfigService. */
export const RELAY_CONFIG = 'relay';

export interface RelayConfig {
  port: number;
  host: string;
  otxBaseUrl: string;
  maxObservables: number;
  bodyLimitBytes: number;
  requestDeadlineMs: number;
  redisUrl?: string;
  logLevel: string;
  metricsEnabled: boolean;
  shutdownGraceMs: number;
  auth: AuthModuleOptions;
  otx: OtxModuleOptions;
}

/** Thrown at start-up; its message names each bad variable and never prints a secret. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

const USER_AGENT = 'SecureX Threat Response Integrations <tr-integrations-support@cisco.com>';

function describe(error: ValidationError): string {
  const shown = SECRET_ENV_VARS.has(error.property) ? '' : ` (got ${JSON.stringify(error.value)})`;
  return `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}${shown}`;
}

/** Reads the environment (only the variables of EnvDto), validates it, and builds the config. */
export function loadRelayConfig(raw: Record<string, string | undefined>): RelayConfig {
  const known = Object.keys(new EnvDto());
  const picked = Object.fromEntries(
    known.filter((k) => raw[k] !== undefined && raw[k] !== '').map((k) => [k, raw[k]]),
  );
  const env = plainToInstance(EnvDto, picked);
  const problems = validateSync(env).map(describe);
  if (env.CTR_ENTITIES_LIMIT_DEFAULT > env.CTR_ENTITIES_LIMIT_MAX) {
    problems.push('CTR_ENTITIES_LIMIT_DEFAULT: must not exceed CTR_ENTITIES_LIMIT_MAX');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return toRelayConfig(env);
}

function toRelayConfig(env: EnvDto): RelayConfig {
  const otxBaseUrl = env.OTX_BASE_URL.replace(/\/+$/, '');
  return {
    port: env.PORT,
    host: env.HOST,
    otxBaseUrl,
    maxObservables: env.MAX_OBSERVABLES,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    metricsEnabled: env.METRICS_ENABLED === 'true' || env.METRICS_ENABLED === '1',
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    auth: {
      mode: env.AUTH_MODE,
      secret: env.AUTH_MODE === 'secret' ? env.JWT_SECRET : undefined,
      audience: env.JWT_AUDIENCE?.replace(/\/+$/, ''),
      jwksAllowedHosts: env.JWKS_ALLOWED_HOSTS.split(',').map((h) => h.trim()),
      jwksUrlTemplate: env.JWKS_URL_TEMPLATE,
      jwksTimeoutMs: env.JWKS_TIMEOUT_MS,
      jwksCacheTtlMs: env.JWKS_CACHE_TTL_S * 1000,
      entitiesLimitDefault: env.CTR_ENTITIES_LIMIT_DEFAULT,
      entitiesLimitMax: env.CTR_ENTITIES_LIMIT_MAX,
    },
    otx: {
      baseUrl: otxBaseUrl,
      timeoutMs: env.OTX_TIMEOUT_MS,
      maxPages: env.OTX_MAX_PAGES,
      concurrency: env.OTX_CONCURRENCY,
      pageSize: env.OTX_PAGE_SIZE,
      userAgent: USER_AGENT,
      retries: env.OTX_RETRIES,
      ratePerMinute: env.OTX_RATE_PER_MINUTE,
      rateBurst: env.OTX_RATE_BURST,
      breakerThreshold: env.OTX_BREAKER_THRESHOLD,
      breakerCooldownS: env.OTX_BREAKER_COOLDOWN_S,
      maxSockets: env.OTX_MAX_SOCKETS,
      maxResponseBytes: env.OTX_MAX_RESPONSE_BYTES,
      cacheTtlHitS: env.CACHE_TTL_HIT_S,
      cacheTtlEmptyS: env.CACHE_TTL_EMPTY_S,
      cacheMaxEntries: env.CACHE_MAX_ENTRIES,
      redisUrl: env.REDIS_URL,
    },
  };
}
