import { spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { version } from '../package.json';
import { request } from './helpers/http';
import { freePort, RELAY_MAIN, spawnRelay } from './helpers/processes';
import { describeWithOwnConfig } from './helpers/servers';

/** Runs the built relay to its end with exactly `env`; stdout and stderr together. */
function runRelay(env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [RELAY_MAIN], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

const lines = (output: string) => output.split('\n').filter((line) => line.trim() !== '');

describeWithOwnConfig(
  'node dist/apps/relay/main.js (the built relay, as operators start it)',
  () => {
    it('starts on HOST:PORT, serves, and exits 0 on SIGTERM', async () => {
      const relay = await spawnRelay({});
      try {
        expect((await request(`${relay.url}/version`)).body).toEqual({ version });
      } finally {
        expect(await relay.stop()).toBe(0);
      }
    });

    it('says the address it is bound to, not another one', async () => {
      // Tests bind loopback only: HOST=0.0.0.0 is boundUrl's unit test (start-up-messages.spec).
      const relay = await spawnRelay({ HOST: '127.0.0.2' });
      try {
        const listening = lines(relay.output()).filter((l) => l.includes('listening on'));
        expect(listening).toHaveLength(1);
        expect(JSON.parse(listening[0]).msg).toBe(`otx-relay listening on ${relay.url}`);
        expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      } finally {
        await relay.stop();
      }
    });

    it('exits 1 with one line, and no "successfully started", when the port is taken', async () => {
      const port = await freePort();
      const taken: Server = createServer();
      await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
      try {
        const { status, output } = runRelay({ HOST: '127.0.0.1', PORT: String(port) });
        expect(status).toBe(1);
        expect(lines(output)).toEqual([
          `otx-relay failed to start: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
        ]);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    });

    it('exits 1 with one line naming PORT and the value given', () => {
      const { status, output } = runRelay({ PORT: 'abc' });
      expect(status).toBe(1);
      expect(lines(output)).toEqual([
        'otx-relay failed to start: invalid settings: PORT="abc": must be a whole number from 0 to 65535',
      ]);
    });

    it('refuses to start on bad variables, naming each once and never printing a secret', () => {
      const secret = 'short-secret';
      const { status, output } = runRelay({
        OTX_TIMEOUT_MS: 'soon',
        AUTH_MODE: 'secret',
        JWT_SECRET: secret,
        REDIS_URL: 'http://user:hunter2@localhost',
      });
      expect(status).toBe(1);
      expect(lines(output)).toEqual([
        'otx-relay failed to start: invalid settings: ' +
          'OTX_TIMEOUT_MS="soon": must be a whole number from 1 to 600000; ' +
          'JWT_SECRET (12 characters, not shown): must be at least 32 characters (256 bits); ' +
          'REDIS_URL (29 characters, not shown): must be a redis:// or rediss:// URL',
      ]);
      expect(output).not.toContain(secret);
      expect(output).not.toContain('hunter2');
    });
  },
);
