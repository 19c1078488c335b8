import { OTX_JUDGEMENT_TTL_DAYS, OTX_VERDICT_DEFAULTS } from '@app/ctim';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvDto } from './env.dto';
import { ConfigValidationError, loadRelayConfig } from './relay.config';

describe(loadRelayConfig.name, () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadRelayConfig({});
    expect(config).toMatchObject({
      port: 9090,
      host: '0.0.0.0',
      otxBaseUrl: 'https://otx.alienvault.com',
      maxObservables: 1000,
      bodyLimitBytes: 1048576,
      auth: {
        mode: 'jwks',
        jwksAllowedHosts: [
          'visibility.amp.cisco.com',
          'visibility.eu.amp.cisco.com',
          'visibility.apjc.amp.cisco.com',
        ],
        jwksUrlTemplate: 'https://{host}/.well-known/jwks',
        entitiesLimitDefault: 100,
        entitiesLimitMax: 1000,
      },
      otx: { timeoutMs: 10000, maxPages: 10, concurrency: 16, pageSize: 10000 },
    });
    expect(config.auth.audience).toBeUndefined();
  });

  it('reads and converts every variable it is given', () => {
    const config = loadRelayConfig({
      PORT: '8080',
      OTX_BASE_URL: 'http://127.0.0.1:9100/',
      OTX_TIMEOUT_MS: '500',
      JWT_AUDIENCE: 'https://relay.example/',
      JWKS_ALLOWED_HOSTS: '127.0.0.1:9100, visibility.amp.cisco.com',
      CTR_ENTITIES_LIMIT_DEFAULT: '5',
      OTX_RATE_PER_MINUTE: '120',
      OTX_RATE_BURST: '4',
    });
    expect(config.port).toBe(8080);
    expect(config.otxBaseUrl).toBe('http://127.0.0.1:9100');
    expect(config.otx.baseUrl).toBe('http://127.0.0.1:9100');
    expect(config.otx.timeoutMs).toBe(500);
    expect(config.auth.audience).toBe('https://relay.example');
    expect(config.auth.jwksAllowedHosts).toEqual(['127.0.0.1:9100', 'visibility.amp.cisco.com']);
    expect(config.auth.entitiesLimitDefault).toBe(5);
    expect(config.otx).toMatchObject({ ratePerMinute: 120, rateBurst: 4 });
  });

  it('leaves the budget burst to the OTX client when OTX_RATE_BURST is unset or empty', () => {
    expect(loadRelayConfig({}).otx.rateBurst).toBeUndefined();
    expect(loadRelayConfig({ OTX_RATE_BURST: '' }).otx.rateBurst).toBeUndefined();
    expect(() => loadRelayConfig({ OTX_RATE_BURST: '0' })).toThrow(/OTX_RATE_BURST/);
  });

  /** The problems a configuration error lists (its message is one line of them). */
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadRelayConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as Error).message).not.toContain('\n');
      return (error as ConfigValidationError).problems;
    }
    throw new Error('expected a configuration error');
  };

  it('reads the TLP policy and the verdict rule, with the rule defaults of @app/ctim', () => {
    expect(loadRelayConfig({})).toMatchObject({
      otxMaxTlp: 'red',
      verdict: {
        minAuthors: OTX_VERDICT_DEFAULTS.minAuthors,
        recentDays: OTX_VERDICT_DEFAULTS.recentDays,
        ttlDays: OTX_JUDGEMENT_TTL_DAYS,
      },
    });
    const given = loadRelayConfig({
      OTX_MAX_TLP: ' amber ',
      VERDICT_MIN_AUTHORS: '3',
      VERDICT_RECENT_DAYS: '0',
      VERDICT_TTL_DAYS: '1',
    });
    expect(given).toMatchObject({
      otxMaxTlp: 'amber',
      verdict: { minAuthors: 3, recentDays: 0, ttlDays: 1 },
    });
    expect(problemsOf({ OTX_MAX_TLP: 'clear', VERDICT_MIN_AUTHORS: '0' })).toEqual([
      'OTX_MAX_TLP="clear": must be one of white, green, amber, red',
      'VERDICT_MIN_AUTHORS="0": must be a whole number from 1 to 1000',
    ]);
  });

  it('says what a bad PORT was given and what it must be, in one message', () => {
    expect(() => loadRelayConfig({ PORT: 'abc' })).toThrow(
      new ConfigValidationError(['PORT="abc": must be a whole number from 0 to 65535']),
    );
    expect(new ConfigValidationError(['a', 'b']).message).toBe('invalid settings: a; b');
    expect(problemsOf({ PORT: '70000' })).toEqual([
      'PORT="70000": must be a whole number from 0 to 65535',
    ]);
  });

  it('names every bad variable at once, each with the value given', () => {
    expect(
      problemsOf({ PORT: 'http', OTX_TIMEOUT_MS: '-1', AUTH_MODE: 'basic', HOST: ' h ' }).sort(),
    ).toEqual([
      'AUTH_MODE="basic": must be one of jwks, secret',
      'OTX_TIMEOUT_MS="-1": must be a whole number from 1 to 600000',
      'PORT="http": must be a whole number from 0 to 65535',
    ]);
    expect(problemsOf({ OTX_BASE_URL: 'ftp://otx', JWT_AUDIENCE: 'relay.example.com' })).toEqual([
      'OTX_BASE_URL="ftp://otx": must be a URL starting with http:// or https://',
      'JWT_AUDIENCE="relay.example.com": must be a URL starting with http:// or https://',
    ]);
  });

  it('gives exactly one message for each variable, starting with its name', () => {
    // HOST takes any non-blank string; JWT_SECRET is checked in secret mode only (below).
    const variables = Object.keys(new EnvDto()).filter((v) => !['HOST', 'JWT_SECRET'].includes(v));
    expect(variables.length).toBeGreaterThan(25);
    for (const name of variables) {
      const problems = problemsOf({ [name]: 'not valid!' });
      expect({ name, problems }).toEqual({
        name,
        problems: [expect.stringMatching(new RegExp(`^${name}(="not valid!"| \\()`))],
      });
    }
  });

  it('requires a long enough JWT_SECRET in secret mode and never prints it', () => {
    expect(problemsOf({ AUTH_MODE: 'secret' })).toEqual([
      'JWT_SECRET (not set): is required when AUTH_MODE=secret',
    ]);
    const short = 'too-short-secret-value';
    expect(problemsOf({ AUTH_MODE: 'secret', JWT_SECRET: short })).toEqual([
      'JWT_SECRET (22 characters, not shown): must be at least 32 characters (256 bits)',
    ]);
    const secret = 'x'.repeat(32);
    expect(loadRelayConfig({ AUTH_MODE: 'secret', JWT_SECRET: secret }).auth.secret).toBe(secret);
  });

  it('never prints REDIS_URL, which may hold a password', () => {
    const url = 'http://user:hunter2@localhost';
    expect(problemsOf({ REDIS_URL: url })).toEqual([
      `REDIS_URL (${url.length} characters, not shown): must be a redis:// or rediss:// URL`,
    ]);
  });

  it('rejects a JWKS URL template without {host}', () => {
    expect(problemsOf({ JWKS_URL_TEMPLATE: 'https://evil.test/jwks' })).toEqual([
      'JWKS_URL_TEMPLATE="https://evil.test/jwks": must be an http(s) URL whose host part is {host}',
    ]);
  });

  it('rejects a default entities limit above the maximum, naming the variable that was set', () => {
    expect(
      problemsOf({ CTR_ENTITIES_LIMIT_DEFAULT: '500', CTR_ENTITIES_LIMIT_MAX: '100' }),
    ).toEqual(['CTR_ENTITIES_LIMIT_DEFAULT="500": must not exceed CTR_ENTITIES_LIMIT_MAX (100)']);
    expect(problemsOf({ CTR_ENTITIES_LIMIT_MAX: '50' })).toEqual([
      'CTR_ENTITIES_LIMIT_MAX="50": must not be below CTR_ENTITIES_LIMIT_DEFAULT (100)',
    ]);
    expect(problemsOf({ CTR_ENTITIES_LIMIT_MAX: '0' })).toEqual([
      'CTR_ENTITIES_LIMIT_MAX="0": must be a whole number from 1 to 100000',
    ]);
  });
});

describe('the User-Agent sent to OTX', () => {
  it("is the relay's own name and version, with the contact URL when one is set", () => {
    const { version } = JSON.parse(
      readFileSync(join(__dirname, '../../../../package.json'), 'utf8'),
    ) as { version: string };
    expect(loadRelayConfig({}).otx.userAgent).toBe(`otx-relay/${version}`);
    const contact = loadRelayConfig({ OTX_CONTACT_URL: 'https://soc.example/otx' });
    expect(contact.otx.userAgent).toBe(`otx-relay/${version} (+https://soc.example/otx)`);
    expect(contact.otx.userAgent).not.toMatch(/cisco|securex/i);
  });

  it('refuses a contact that is not an http(s) URL', () => {
    expect(() => loadRelayConfig({ OTX_CONTACT_URL: 'ftp://soc.example' })).toThrow(
      'OTX_CONTACT_URL="ftp://soc.example": must be a URL starting with http:// or https://',
    );
  });
});
