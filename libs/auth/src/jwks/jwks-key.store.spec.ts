import { Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { AUTH_REASONS, JWKS_REQUESTS_PER_MINUTE } from '../auth.constants';
import { JwksKeyStore } from './jwks-key.store';
import { expectRefusal } from '../testing/auth-assertions';
import {
  jwksOptions,
  JwksHandler,
  JwksTestServer,
  makeTestKey,
  sendJson,
} from '../testing/jwks-test.server';

const KEY_1 = makeTestKey('kid-1');
const KEY_2 = makeTestKey('kid-2');
const modulusOf = (key: KeyObject) => key.export({ format: 'jwk' }).n;

describe(JwksKeyStore.name, () => {
  let jwks: JwksTestServer;
  let warn: jest.SpyInstance;
  const store = (overrides = {}) => new JwksKeyStore(jwksOptions(jwks.host, overrides));

  beforeEach(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jwks = await JwksTestServer.start([KEY_1]);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await jwks.close();
  });

  it('fetches the JWKS at the templated URL and returns the key of the kid', async () => {
    const urls: string[] = [];
    const served = jwks.handler;
    jwks.handler = (req, res) => {
      urls.push(req.url ?? '');
      served(req, res);
    };
    const key = await store().publicKey(jwks.host, 'kid-1');
    expect(modulusOf(key)).toBe(KEY_1.jwk.n);
    expect(urls).toEqual(['/.well-known/jwks']);
  });

  it('caches keys: a second call makes no request and returns the same key object', async () => {
    const sut = store();
    const first = await sut.publicKey(jwks.host, 'kid-1');
    expect(await sut.publicKey(jwks.host, 'kid-1')).toBe(first);
    expect(jwks.requests).toBe(1);
  });

  it('refetches once for an unknown kid, then finds a rotated-in key', async () => {
    const sut = store();
    await sut.publicKey(jwks.host, 'kid-1');
    await expectRefusal(sut.publicKey(jwks.host, 'kid-2'), AUTH_REASONS.kidNotFound);
    expect(jwks.requests).toBe(2);
    jwks.keys = [KEY_1.jwk, KEY_2.jwk];
    expect(modulusOf(await sut.publicKey(jwks.host, 'kid-2'))).toBe(KEY_2.jwk.n);
    await sut.publicKey(jwks.host, 'kid-1');
    expect(jwks.requests).toBe(3);
  });

  it('rate-limits refetches for a stream of unknown kids', async () => {
    const sut = store();
    for (let i = 0; i < JWKS_REQUESTS_PER_MINUTE + 5; i++) {
      await expectRefusal(sut.publicKey(jwks.host, `forged-${i}`), AUTH_REASONS.kidNotFound);
    }
    expect(jwks.requests).toBe(JWKS_REQUESTS_PER_MINUTE);
  });

  it('does not cache when the TTL is 0', async () => {
    const sut = store({ jwksCacheTtlMs: 0 });
    await sut.publicKey(jwks.host, 'kid-1');
    await sut.publicKey(jwks.host, 'kid-1');
    expect(jwks.requests).toBe(2);
  });

  it('never contacts a host outside the allow-list', async () => {
    const sut = new JwksKeyStore(jwksOptions('visibility.amp.cisco.com'));
    await expectRefusal(sut.publicKey(jwks.host, 'kid-1'), AUTH_REASONS.jwksHostNotAllowed);
    expect(jwks.requests).toBe(0);
  });

  const json =
    (status: number, body: unknown): JwksHandler =>
    (_req, res) =>
      sendJson(res, status, body);
  const raw =
    (status: number, type: string, body: string): JwksHandler =>
    (_req, res) =>
      res.writeHead(status, { 'Content-Type': type }).end(body);

  it.each<[string, JwksHandler, string]>([
    ['answers 500', json(500, { error: 'boom' }), AUTH_REASONS.jwksHostUnreachable],
    ['answers 404', raw(404, 'text/plain', 'nope'), AUTH_REASONS.jwksHostUnreachable],
    [
      'redirects',
      (_q, r) => r.writeHead(302, { Location: '/x' }).end(),
      AUTH_REASONS.jwksHostUnreachable,
    ],
    ['answers HTML', raw(200, 'text/html', '<html>oops</html>'), AUTH_REASONS.jwksHostUnreachable],
    ['answers a JSON array', json(200, [KEY_1.jwk]), AUTH_REASONS.jwksHostUnreachable],
    ['answers an empty body', raw(200, 'application/json', ''), AUTH_REASONS.jwksHostUnreachable],
    ['has an empty key set', json(200, { keys: [] }), AUTH_REASONS.wrongPayloadStructure],
    ['has no keys field', json(200, {}), AUTH_REASONS.wrongPayloadStructure],
    ['has keys that are not a list', json(200, { keys: 'x' }), AUTH_REASONS.wrongPayloadStructure],
    [
      'has no signing keys',
      json(200, { keys: [{ ...KEY_1.jwk, use: 'enc' }] }),
      AUTH_REASONS.wrongPayloadStructure,
    ],
  ])('refuses when the JWKS endpoint %s', async (_name, handler, reason) => {
    jwks.handler = handler;
    await expectRefusal(store().publicKey(jwks.host, 'kid-1'), reason);
    expect(jwks.requests).toBe(1);
  });

  it('refuses when the JWKS host is down, and logs the host', async () => {
    const host = jwks.host;
    await jwks.close();
    await expectRefusal(store().publicKey(host, 'kid-1'), AUTH_REASONS.jwksHostUnreachable);
    expect(String(warn.mock.calls[0][0])).toContain(host);
  });

  it.each<[string, JwksHandler]>([
    ['never answers', () => undefined],
    [
      'trickles its body',
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"keys":');
        const drip = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(drip));
      },
    ],
  ])('gives up on a host that %s at the timeout', async (_name, handler) => {
    jwks.handler = handler;
    const started = Date.now();
    const sut = store({ jwksTimeoutMs: 300 });
    await expectRefusal(sut.publicKey(jwks.host, 'kid-1'), AUTH_REASONS.jwksHostUnreachable);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
