import { generateKeyPairSync, JsonWebKey, KeyObject } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { sign, SignOptions } from 'jsonwebtoken';
import { AuthModuleOptions } from '../auth.interfaces';

/** An RSA key pair as Threat Response would hold it, with its public JWK. */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
  jwk: JsonWebKey;
}

export function makeTestKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { kty, n, e } = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    jwk: { kty, n, e, kid, alg: 'RS256', use: 'sig' },
  };
}

/** Claims TR puts in a configuration token; `undefined` values are left out. */
export function trClaims(jwksHost: string, aud: string, extra: Record<string, unknown> = {}) {
  const all: Record<string, unknown> = { key: 'otx-key', jwks_host: jwksHost, aud, ...extra };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** An RS256 token signed by `key`, with its kid unless `options.keyid` says otherwise. */
export function signRs256(claims: object, key: TestKey, options: SignOptions = {}): string {
  return sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid, ...options });
}

export type JwksHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real JWKS endpoint on 127.0.0.1:0 that counts the requests it gets. */
export class JwksTestServer {
  requests = 0;
  keys: JsonWebKey[];
  /** `127.0.0.1:<port>`, the form a jwks_host claim and the allow-list use. */
  readonly host: string;
  handler: JwksHandler = (_req, res) => sendJson(res, 200, { keys: this.keys });

  private constructor(
    private readonly server: Server,
    keys: TestKey[],
  ) {
    this.keys = keys.map((k) => k.jwk);
    this.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.requests++;
      this.handler(req, res);
    });
  }

  static async start(keys: TestKey[]): Promise<JwksTestServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new JwksTestServer(server, keys);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export const TEST_AUDIENCE = 'http://relay.test';

/** jwks-mode options pointed at `host` over plain HTTP. */
export function jwksOptions(
  host: string,
  overrides: Partial<AuthModuleOptions> = {},
): AuthModuleOptions {
  return {
    mode: 'jwks',
    jwksAllowedHosts: [host],
    jwksUrlTemplate: 'http://{host}/.well-known/jwks',
    jwksTimeoutMs: 1000,
    jwksCacheTtlMs: 60_000,
    entitiesLimitDefault: 100,
    entitiesLimitMax: 1000,
    ...overrides,
  };
}
