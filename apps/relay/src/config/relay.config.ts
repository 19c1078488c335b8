import { AuthModuleOptions } from '@app/auth';
import { CtimTlp } from '@app/ctim';
import { OtxModuleOptions } from '@app/otx';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { version } from '../../../../package.json';
import { EnvDto, SECRET_ENV_VARS } from './env.dto';

/** The relay's settings, read once from the environment (contract §12); see RELAY_SETTINGS. */
export interface RelaySettings {
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
  /** `OTX_MAX_TLP`: pulses marked above it are left out of every answer (contract §16). */
  otxMaxTlp: CtimTlp;
  /** The verdict rule's settings (contract §15). */
  verdict: { minAuthors: number; recentDays: number; ttlDays: number };
  auth: AuthModuleOptions;
  otx: OtxModuleOptions;
}

/** Thrown at start-up: one line, one message per bad variable, never a secret's value. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * The relay's own name and version, and where to reach its operator when configured (contract
 * §5): OTX requires no User-Agent, and this relay never sends another vendor's.
 */
export function otxUserAgent(contactUrl?: string): string {
  return `otx-relay/${version}${contactUrl ? ` (+${contactUrl})` : ''}`;
}

/** The rule a failed constraint stands for, the first failed one in this order. */
const RULE_ORDER = ['isString', 'isInt', 'isIn', 'isUrl', 'matches', 'minLength', 'min', 'max'];

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/** The decorator `name` (class-validator's constraint name) on the variable `property`. */
function decorator(property: string, name: string): ValidationMetadata | undefined {
  return getMetadataStorage()
    .getTargetValidationMetadatas(EnvDto, '', false, false)
    .find((m) => m.propertyName === property && m.name === name);
}

/** One sentence for a variable's whole rule, from its decorators (Min and Max together). */
function ruleOf(property: string): string {
  const constraint = (name: string): unknown[] | undefined =>
    decorator(property, name)?.constraints;
  const [min, max] = [constraint('min')?.[0], constraint('max')?.[0]];
  const range = typeof min === 'number' && typeof max === 'number' ? ` from ${min} to ${max}` : '';
  if (decorator(property, 'isInt')) return `must be a whole number${range}`;
  const values = constraint('isIn')?.[0];
  if (Array.isArray(values)) return `must be one of ${values.join(', ')}`;
  const url = constraint('isUrl')?.[0] as { protocols?: string[] } | undefined;
  if (url?.protocols) return `must be a URL starting with ${url.protocols.join(':// or ')}://`;
  if (url) return 'must be a URL';
  return 'is not valid';
}

/** `NAME="value": rule`; a secret shows only whether it was set and its length. */
function describe(error: ValidationError, raw: Record<string, string | undefined>): string {
  const name = error.property;
  const given = raw[name];
  let shown: string;
  if (given === undefined || given === '') shown = `${name} (not set)`;
  else if (SECRET_ENV_VARS.has(name)) shown = `${name} (${given.length} characters, not shown)`;
  else shown = `${name}=${JSON.stringify(given)}`;
  const failed = error.constraints ?? {};
  const first = RULE_ORDER.find((c) => c in failed) ?? Object.keys(failed)[0];
  const custom = decorator(name, first)?.message;
  return `${shown}: ${typeof custom === 'string' ? custom : ruleOf(name)}`;
}

/** The default entities limit above the maximum, named by the variable that was set. */
function limitsProblem(
  env: EnvDto,
  picked: Record<string, string | undefined>,
): string | undefined {
  const { CTR_ENTITIES_LIMIT_DEFAULT: def, CTR_ENTITIES_LIMIT_MAX: max } = env;
  if (def <= max) return undefined;
  const given = (name: string) => `${name}=${JSON.stringify(picked[name])}`;
  return picked.CTR_ENTITIES_LIMIT_DEFAULT !== undefined
    ? `${given('CTR_ENTITIES_LIMIT_DEFAULT')}: must not exceed CTR_ENTITIES_LIMIT_MAX (${max})`
    : `${given('CTR_ENTITIES_LIMIT_MAX')}: must not be below CTR_ENTITIES_LIMIT_DEFAULT (${def})`;
}

/** Reads the environment (only the variables of EnvDto), validates it, and builds the config. */
export function loadRelayConfig(raw: Record<string, string | undefined>): RelaySettings {
  const known = Object.keys(new EnvDto());
  const picked = Object.fromEntries(
    known.filter((k) => raw[k] !== undefined && raw[k] !== '').map((k) => [k, raw[k]]),
  );
  const env = plainToInstance(EnvDto, picked);
  const errors = validateSync(env);
  const problems = errors.map((error) => describe(error, raw));
  const limits = errors.some((e) => e.property.startsWith('CTR_ENTITIES_LIMIT_'))
    ? undefined
    : limitsProblem(env, picked);
  if (limits) problems.push(limits);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return toRelayConfig(env);
}

function toRelayConfig(env: EnvDto): RelaySettings {
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
    otxMaxTlp: env.OTX_MAX_TLP,
    verdict: {
      minAuthors: env.VERDICT_MIN_AUTHORS,
      recentDays: env.VERDICT_RECENT_DAYS,
      ttlDays: env.VERDICT_TTL_DAYS,
    },
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
      userAgent: otxUserAgent(env.OTX_CONTACT_URL),
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
