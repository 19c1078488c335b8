import { AuthModuleOptions } from './auth.interfaces';

// `host` or `host:port`; a bracketed IPv6 literal is allowed as host.
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

const isPositiveInt = (n: unknown): boolean => Number.isInteger(n) && (n as number) > 0;

function templateProblem(template: unknown): string | undefined {
  if (typeof template !== 'string' || !template.includes('{host}')) {
    return 'jwksUrlTemplate must contain {host}';
  }
  try {
    const url = new URL(template.replaceAll('{host}', 'example.com'));
    return ['http:', 'https:'].includes(url.protocol)
      ? undefined
      : 'jwksUrlTemplate must be http(s)';
  } catch {
    return 'jwksUrlTemplate must be a URL';
  }
}

function jwksProblems(o: AuthModuleOptions): string[] {
  const problems: string[] = [];
  const hosts: unknown = o.jwksAllowedHosts;
  if (!Array.isArray(hosts) || hosts.length === 0) {
    problems.push('jwksAllowedHosts must list at least one host');
  } else if (!hosts.every((h) => typeof h === 'string' && HOST_ENTRY.test(h))) {
    problems.push('jwksAllowedHosts entries must be host or host:port');
  }
  const template = templateProblem(o.jwksUrlTemplate);
  if (template) problems.push(template);
  if (!isPositiveInt(o.jwksTimeoutMs)) problems.push('jwksTimeoutMs must be a positive integer');
  if (!Number.isInteger(o.jwksCacheTtlMs) || o.jwksCacheTtlMs < 0) {
    problems.push('jwksCacheTtlMs must be an integer >= 0');
  }
  return problems;
}

/** Refuses unusable options at start-up. Never prints the secret. */
export function assertValidAuthOptions(o: AuthModuleOptions): void {
  const problems: string[] = [];
  if (o.mode === 'jwks') problems.push(...jwksProblems(o));
  else if (o.mode !== 'secret') problems.push("mode must be 'jwks' or 'secret'");
  else if (typeof o.secret !== 'string' || o.secret === '') {
    problems.push('secret is required in secret mode');
  }
  if (!isPositiveInt(o.entitiesLimitDefault) || !isPositiveInt(o.entitiesLimitMax)) {
    problems.push('entitiesLimitDefault and entitiesLimitMax must be positive integers');
  } else if (o.entitiesLimitDefault > o.entitiesLimitMax) {
    problems.push('entitiesLimitDefault must not exceed entitiesLimitMax');
  }
  const tolerance = o.clockToleranceSec;
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
    problems.push('clockToleranceSec must be >= 0');
  }
  if (problems.length > 0) throw new Error(`Invalid AuthModule options: ${problems.join('; ')}`);
}
