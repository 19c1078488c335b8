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

  it('names every bad variable at once', () => {
    const attempt = () =>
      loadRelayConfig({ PORT: 'http', OTX_TIMEOUT_MS: '-1', AUTH_MODE: 'basic' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('OTX_TIMEOUT_MS');
      expect(message).toContain('AUTH_MODE');
    }
  });

  it('requires a long enough JWT_SECRET in secret mode and never prints it', () => {
    expect(() => loadRelayConfig({ AUTH_MODE: 'secret' })).toThrow(/JWT_SECRET is required/);
    const short = 'too-short-secret-value';
    try {
      loadRelayConfig({ AUTH_MODE: 'secret', JWT_SECRET: short });
      throw new Error('expected a configuration error');
    } catch (error) {
      expect((error as Error).message).toMatch(/JWT_SECRET must be at least 32 characters/);
      expect((error as Error).message).not.toContain(short);
    }
    const secret = 'x'.repeat(32);
    expect(loadRelayConfig({ AUTH_MODE: 'secret', JWT_SECRET: secret }).auth.secret).toBe(secret);
  });

  it('rejects a JWKS URL template without {host} and a default above the maximum', () => {
    expect(() => loadRelayConfig({ JWKS_URL_TEMPLATE: 'https://evil.test/jwks' })).toThrow(
      /JWKS_URL_TEMPLATE/,
    );
    expect(() =>
      loadRelayConfig({ CTR_ENTITIES_LIMIT_DEFAULT: '500', CTR_ENTITIES_LIMIT_MAX: '100' }),
    ).toThrow(/CTR_ENTITIES_LIMIT_DEFAULT/);
  });
});
