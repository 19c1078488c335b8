import { CTIM_TLPS, CtimTlp, OTX_JUDGEMENT_TTL_DAYS, OTX_VERDICT_DEFAULTS } from '@app/ctim';
import { OTX_OPTION_DEFAULTS } from '@app/otx';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the relay reads, with its default and its rule. A custom message
 * states the rule alone: loadRelayConfig prefixes the variable and the value given. Defaults of
 * what `@app/otx` defaults itself are its own (`OTX_OPTION_DEFAULTS`), those of the verdict rule
 * `@app/ctim`'s (`OTX_VERDICT_DEFAULTS`, `OTX_JUDGEMENT_TTL_DAYS`): one source each.
 */
export class EnvDto {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 9090;
  @Transform(trim) @IsString() @MinLength(1) HOST = '0.0.0.0';

  @Transform(trim)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OTX_BASE_URL = 'https://otx.alienvault.com';
  @Type(() => Number) @IsInt() @Min(1) @Max(600000) OTX_TIMEOUT_MS = 10000;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) OTX_MAX_PAGES = 10;
  @Type(() => Number) @IsInt() @Min(1) @Max(256) OTX_CONCURRENCY = 16;
  @Type(() => Number) @IsInt() @Min(1) @Max(10000) OTX_PAGE_SIZE = 10000;
  // Sent to OTX in the User-Agent, so that OTX can reach whoever runs this relay.
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OTX_CONTACT_URL?: string;

  // Pulses above this TLP are left out of every answer (contract §16); red: none is.
  @Transform(trim) @IsIn([...CTIM_TLPS].reverse()) OTX_MAX_TLP: CtimTlp = 'red';

  // The verdict rule (contract §15).
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) VERDICT_MIN_AUTHORS: number =
    OTX_VERDICT_DEFAULTS.minAuthors;
  @Type(() => Number) @IsInt() @Min(0) @Max(36500) VERDICT_RECENT_DAYS: number =
    OTX_VERDICT_DEFAULTS.recentDays;
  @Type(() => Number) @IsInt() @Min(1) @Max(3650) VERDICT_TTL_DAYS: number = OTX_JUDGEMENT_TTL_DAYS;

  @Type(() => Number) @IsInt() @Min(1) @Max(100000) MAX_OBSERVABLES = 1000;
  @Type(() => Number) @IsInt() @Min(1024) @Max(104857600) BODY_LIMIT_BYTES = 1048576;

  @Transform(trim) @IsIn(['jwks', 'secret']) AUTH_MODE: 'jwks' | 'secret' = 'jwks';
  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvDto) => env.AUTH_MODE === 'secret')
  @IsString({ message: 'is required when AUTH_MODE=secret' })
  @MinLength(32, { message: 'must be at least 32 characters (256 bits)' })
  JWT_SECRET?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  JWT_AUDIENCE?: string;
  @Transform(trim)
  @Matches(/^[A-Za-z0-9.-]+(:\d{1,5})?(\s*,\s*[A-Za-z0-9.-]+(:\d{1,5})?)*$/, {
    message: 'must be a comma-separated list of host or host:port',
  })
  JWKS_ALLOWED_HOSTS =
    'visibility.amp.cisco.com,visibility.eu.amp.cisco.com,visibility.apjc.amp.cisco.com';
  @Transform(trim)
  @Matches(/^https?:\/\/\{host\}(\/\S*)?$/, {
    message: 'must be an http(s) URL whose host part is {host}',
  })
  JWKS_URL_TEMPLATE = 'https://{host}/.well-known/jwks';
  @Type(() => Number) @IsInt() @Min(100) @Max(60000) JWKS_TIMEOUT_MS = 5000;
  @Type(() => Number) @IsInt() @Min(0) @Max(86400) JWKS_CACHE_TTL_S = 600;

  @Type(() => Number) @IsInt() @Min(1000) @Max(600000) REQUEST_DEADLINE_MS = 25000;
  @Type(() => Number) @IsInt() @Min(0) @Max(10) OTX_RETRIES = OTX_OPTION_DEFAULTS.retries;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000000) OTX_RATE_PER_MINUTE =
    OTX_OPTION_DEFAULTS.ratePerMinute;
  // The bucket's size; unset: a minute's worth (OTX_RATE_PER_MINUTE).
  @Transform(emptyToUndefined)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000000)
  OTX_RATE_BURST?: number;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) OTX_BREAKER_THRESHOLD =
    OTX_OPTION_DEFAULTS.breakerThreshold;
  @Type(() => Number) @IsInt() @Min(1) @Max(3600) OTX_BREAKER_COOLDOWN_S =
    OTX_OPTION_DEFAULTS.breakerCooldownS;
  @Type(() => Number) @IsInt() @Min(1) @Max(4096) OTX_MAX_SOCKETS = OTX_OPTION_DEFAULTS.maxSockets;
  @Type(() => Number) @IsInt() @Min(1024) @Max(1073741824) OTX_MAX_RESPONSE_BYTES =
    OTX_OPTION_DEFAULTS.maxResponseBytes;
  @Type(() => Number) @IsInt() @Min(0) @Max(604800) CACHE_TTL_HIT_S =
    OTX_OPTION_DEFAULTS.cacheTtlHitS;
  @Type(() => Number) @IsInt() @Min(0) @Max(604800) CACHE_TTL_EMPTY_S =
    OTX_OPTION_DEFAULTS.cacheTtlEmptyS;
  @Type(() => Number) @IsInt() @Min(0) @Max(10000000) CACHE_MAX_ENTRIES =
    OTX_OPTION_DEFAULTS.cacheMaxEntries;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(trim)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
  @Transform(trim) @IsIn(['true', 'false', '1', '0']) METRICS_ENABLED = 'true';
  @Type(() => Number) @IsInt() @Min(0) @Max(600000) SHUTDOWN_GRACE_MS = 10000;

  @Type(() => Number) @IsInt() @Min(1) @Max(100000) CTR_ENTITIES_LIMIT_DEFAULT = 100;
  @Type(() => Number) @IsInt() @Min(1) @Max(100000) CTR_ENTITIES_LIMIT_MAX = 1000;
}

/** Variables whose values must never be printed, even when they are wrong. */
export const SECRET_ENV_VARS: ReadonlySet<string> = new Set(['JWT_SECRET', 'REDIS_URL']);
