import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { verify, type JwtPayload } from 'jsonwebtoken';
import { createOtxSimApp } from '../otx-sim.app';
import { listenOnLoopback, rawRequest } from '../testing/http-client';
import { mintToken, parseMintTokenArgs } from './mint-token';

describe('parseMintTokenArgs', () => {
  it('fills the defaults from --sim-url', () => {
    expect(
      parseMintTokenArgs(['--sim-url', 'http://127.0.0.1:9100/', '--aud', 'http://127.0.0.1:9090']),
    ).toEqual({
      simUrl: 'http://127.0.0.1:9100',
      aud: 'http://127.0.0.1:9090',
      key: 'test-otx-key',
      jwksHost: '127.0.0.1:9100',
      limit: undefined,
      ttl: 3600,
    });
  });

  it('reads every flag, with or without =', () => {
    const args = parseMintTokenArgs([
      '--sim-url=http://sim.test:1',
      '--aud=http://relay.test',
      '--key',
      'k',
      '--jwks-host',
      'jwks.test:2',
      '--limit=7',
      '--ttl',
      '60',
    ]);
    expect(args).toEqual({
      simUrl: 'http://sim.test:1',
      aud: 'http://relay.test',
      key: 'k',
      jwksHost: 'jwks.test:2',
      limit: 7,
      ttl: 60,
    });
  });

  it('makes aud a list when --aud is given more than once', () => {
    const args = parseMintTokenArgs([
      '--sim-url=http://127.0.0.1:9100',
      '--aud=http://127.0.0.1:9090',
      '--aud',
      'http://localhost:9090',
    ]);
    expect(args.aud).toEqual(['http://127.0.0.1:9090', 'http://localhost:9090']);
  });

  it.each([
    [['--aud', 'x'], '--sim-url is required'],
    [['--sim-url', 'http://a'], '--aud is required'],
    [['--sim-url', 'not a url', '--aud', 'x'], '--sim-url is not a URL'],
    [['--sim-url', 'http://a', '--aud', 'x', '--limit', 'ten'], '--limit must be a whole number'],
    [['--sim-url', 'http://a', '--aud', 'x', '--bogus', '1'], 'unknown argument --bogus'],
    [['--sim-url', 'http://a', '--aud'], '--aud needs a value'],
  ])('refuses %j', (argv, problem) => {
    expect(() => parseMintTokenArgs(argv)).toThrow(problem);
  });
});

describe('mintToken against a running simulator', () => {
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    app = await createOtxSimApp();
    base = await listenOnLoopback(app);
  });
  afterAll(() => app.close());

  it('gets a token with the Threat Response claims that verifies with the JWKS', async () => {
    const token = await mintToken(
      parseMintTokenArgs([
        '--sim-url',
        base,
        '--aud',
        'http://127.0.0.1:9090',
        '--limit',
        '5',
        '--ttl',
        '120',
      ]),
    );
    const jwks = JSON.parse((await rawRequest(`${base}/.well-known/jwks`)).text) as {
      keys: JsonWebKey[];
    };
    const key = createPublicKey({ key: jwks.keys[0], format: 'jwk' });
    const payload = verify(token, key, {
      algorithms: ['RS256'],
      audience: 'http://127.0.0.1:9090',
    }) as JwtPayload;
    expect(payload).toMatchObject({
      key: 'test-otx-key',
      jwks_host: new URL(base).host,
      CTR_ENTITIES_LIMIT: 5,
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
  });

  it('signs every --aud as a list', async () => {
    const token = await mintToken(
      parseMintTokenArgs(['--sim-url', base, '--aud', 'http://a:1', '--aud', 'http://b:2']),
    );
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as object;
    expect(payload).toHaveProperty('aud', ['http://a:1', 'http://b:2']);
  });

  it('leaves CTR_ENTITIES_LIMIT out unless --limit is given', async () => {
    const token = await mintToken(parseMintTokenArgs(['--sim-url', base, '--aud', 'x']));
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as object;
    expect(payload).not.toHaveProperty('CTR_ENTITIES_LIMIT');
  });

  it('reports a simulator that refuses', async () => {
    const args = parseMintTokenArgs(['--sim-url', `${base}/nowhere`, '--aud', 'x']);
    await expect(mintToken(args)).rejects.toThrow('the simulator answered 404');
  });
});
