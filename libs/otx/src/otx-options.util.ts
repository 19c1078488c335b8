import type { OtxObserver } from './otx-observer';
import type { OtxModuleOptions } from './otx.types';

/** Defaults of the optional {@link OtxModuleOptions} (the relay's documented defaults). */
export const OTX_OPTION_DEFAULTS = {
  retries: 2,
  ratePerMinute: 600,
  breakerThreshold: 5,
  breakerCooldownS: 60,
  maxSockets: 64,
  maxResponseBytes: 10 * 1024 * 1024,
  cacheTtlHitS: 3600,
  cacheTtlEmptyS: 900,
  cacheMaxEntries: 50000,
} as const;

type Defaulted = keyof typeof OTX_OPTION_DEFAULTS;

/** {@link OtxModuleOptions} with every default filled in. */
export type ResolvedOtxOptions = Required<Pick<OtxModuleOptions, Defaulted | 'rateBurst'>> &
  Omit<OtxModuleOptions, Defaulted | 'rateBurst'> & { observer?: OtxObserver };

const AT_LEAST_ONE = [
  'timeoutMs',
  'maxPages',
  'concurrency',
  'pageSize',
  'ratePerMinute',
  'breakerThreshold',
  'breakerCooldownS',
  'maxSockets',
  'maxResponseBytes',
] as const;
const AT_LEAST_ZERO = ['retries', 'cacheTtlHitS', 'cacheTtlEmptyS', 'cacheMaxEntries'] as const;

/**
 * Fills in defaults and fails at start-up rather than on the first request (p-limit, for one,
 * throws on 0). The message names the bad options, never their values (`redisUrl` may hold a
 * password).
 */
export function resolveOtxOptions(options: OtxModuleOptions): ResolvedOtxOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as OtxModuleOptions;
  const merged = { ...OTX_OPTION_DEFAULTS, ...defined };
  // The bucket holds a minute's worth unless told otherwise.
  const resolved: ResolvedOtxOptions = {
    ...merged,
    rateBurst: merged.rateBurst ?? merged.ratePerMinute,
  };
  const bad: string[] = [
    ...AT_LEAST_ONE.filter((k) => !isIntAtLeast(resolved[k], 1)),
    ...AT_LEAST_ZERO.filter((k) => !isIntAtLeast(resolved[k], 0)),
  ];
  if (resolved.retries > 10) bad.push('retries');
  if (defined.rateBurst !== undefined && !isIntAtLeast(defined.rateBurst, 1)) bad.push('rateBurst');
  if (typeof resolved.baseUrl !== 'string' || !/^https?:\/\/[^/]/i.test(resolved.baseUrl)) {
    bad.push('baseUrl');
  }
  if (resolved.redisUrl !== undefined && !/^rediss?:\/\/\S+$/i.test(resolved.redisUrl)) {
    bad.push('redisUrl');
  }
  if (resolved.observer !== undefined && typeof resolved.observer !== 'object') {
    bad.push('observer');
  }
  if (bad.length > 0) throw new Error(`Invalid OtxModule options: ${bad.join(', ')}`);
  return resolved;
}

function isIntAtLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}
