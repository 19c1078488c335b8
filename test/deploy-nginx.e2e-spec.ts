import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectationFor, SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { request } from './helpers/http';
import {
  findNginx,
  httpsTo,
  makeTestCertificates,
  RunningNginx,
  siteConfigForTest,
  startNginx,
  TestCertificates,
} from './helpers/nginx';
import { freePort } from './helpers/processes';
import {
  describeWithOwnConfig,
  relayEnvFor,
  RunningServer,
  startRelay,
  startSim,
} from './helpers/servers';
import { simToken, trClaims } from './helpers/tokens';

const NGINX = findNginx();
const SERVER_NAME = 'relay.test';

// Skipped only where Debian's nginx is missing; in CI (CI set) a missing nginx fails instead.
const describeWithNginx: jest.Describe =
  NGINX || process.env.CI ? describeWithOwnConfig : describe.skip;
const TITLE = 'deploy/nginx/otx-relay.conf: the relay behind nginx over HTTPS (docs/deploy.md)';

describeWithNginx(
  NGINX ? TITLE : `${TITLE} (skipped: no nginx binary; apt-get install nginx)`,
  () => {
    const ctx = {} as {
      dir: string;
      certs: TestCertificates;
      sim: RunningServer;
      relay: RunningServer;
      nginx: RunningNginx;
      publicUrl: string;
      httpPort: number;
    };

    beforeAll(async () => {
      if (!NGINX)
        throw new Error('nginx is not installed (apt-get install nginx): CI must run this');
      ctx.dir = mkdtempSync(join(tmpdir(), 'otx-relay-nginx-'));
      ctx.certs = makeTestCertificates(ctx.dir, SERVER_NAME);
      const httpsPort = await freePort();
      ctx.httpPort = await freePort();
      ctx.publicUrl = `https://${SERVER_NAME}:${httpsPort}`;
      ctx.sim = await startSim();
      // As docs/deploy.md says: JWT_AUDIENCE is the public URL, the relay listens on loopback.
      ctx.relay = await startRelay(relayEnvFor(ctx.sim, { JWT_AUDIENCE: ctx.publicUrl }));
      const site = siteConfigForTest({
        serverName: SERVER_NAME,
        httpPort: ctx.httpPort,
        httpsPort,
        relayPort: Number(new URL(ctx.relay.url).port),
        certFile: ctx.certs.certFile,
        keyFile: ctx.certs.keyFile,
        logDir: join(ctx.dir, 'nginx', 'logs'),
      });
      ctx.nginx = await startNginx(NGINX, join(ctx.dir, 'nginx'), site, httpsPort);
    }, 30000);

    afterAll(async () => {
      await ctx.nginx?.stop();
      await ctx.relay?.close();
      await ctx.sim?.close();
      if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
    });

    const tokenFor = (aud: string) =>
      simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url, { aud }));
    const viaProxy = (path: string, init: Parameters<typeof httpsTo>[1] = {}) =>
      httpsTo(`${ctx.publicUrl}${path}`, { ca: ctx.certs.ca, ...init });

    it('answers /health over HTTPS for a token whose aud is the public https URL', async () => {
      const token = await tokenFor(ctx.publicUrl);
      const res = await viaProxy('/health', { headers: { authorization: `Bearer ${token}` } });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { data: { status: 'ok' } },
      });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('answers /observe/observables through the proxy with what OTX has', async () => {
      const token = await tokenFor(ctx.publicUrl);
      const res = await viaProxy('/observe/observables', {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([O.ip]),
      });
      expect(res.status).toBe(200);
      expect(res.body.data.sightings.count).toBe(expectationFor(O.ip).matches.length);
    });

    it('refuses a token whose aud is another URL, the relay behind the proxy included', async () => {
      for (const aud of [ctx.relay.url, `http://${SERVER_NAME}`, `${ctx.publicUrl}/`]) {
        const token = await tokenFor(aud);
        const res = await viaProxy('/health', { headers: { authorization: `Bearer ${token}` } });
        expect({ aud, body: res.body }).toEqual({
          aud,
          body: {
            errors: [
              {
                code: 'authorization error',
                message: 'Authorization failed: Wrong configuration-token-audience',
                type: 'fatal',
              },
            ],
          },
        });
      }
    });

    it('is refused by a client that does not trust the test CA (TLS is really checked)', async () => {
      await expect(httpsTo(`${ctx.publicUrl}/version`)).rejects.toMatchObject({
        code: expect.stringMatching(/CERT|SIGNATURE|ISSUER/),
      });
    });

    it('sends plain HTTP to HTTPS', async () => {
      const res = await fetch(`http://127.0.0.1:${ctx.httpPort}/health`, {
        method: 'POST',
        headers: { host: SERVER_NAME },
        redirect: 'manual',
      });
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`https://${SERVER_NAME}/health`);
    });

    it('keeps /metrics off the public side, while the relay serves it on loopback', async () => {
      for (const path of ['/metrics', '/metrics/']) {
        expect((await viaProxy(path, { method: 'GET' })).status).toBe(404);
      }
      expect((await request(`${ctx.relay.url}/metrics`, { method: 'GET' })).status).toBe(200);
    });

    it('lets the relay answer a body over BODY_LIMIT_BYTES in its envelope, not nginx with a 413', async () => {
      const body = JSON.stringify([{ type: 'ip', value: 'x'.repeat(1_100_000) }]);
      const res = await viaProxy('/refer/observables', {
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: {
          errors: [
            {
              code: 'invalid payload received',
              message:
                'Invalid JSON payload received. {"_schema": ["Request body is larger than 1048576 bytes."]}.',
              type: 'fatal',
            },
          ],
        },
      });
    });

    it('logs the same request id as the relay, the caller’s when it sends one', async () => {
      const own = await viaProxy('/version');
      const id = own.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, passed to the relay
      const given = await viaProxy('/version', { headers: { 'x-request-id': 'trace-42' } });
      expect(given.headers['x-request-id']).toBe('trace-42');
      const log = ctx.nginx.siteAccessLog();
      expect(log).toMatch(
        new RegExp(`"POST /version HTTP/1.1" 200 \\d+ [\\d.]+ request_id=${id}\\n`),
      );
      expect(log).toContain('request_id=trace-42\n');
    });
  },
);
