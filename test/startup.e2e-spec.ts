import { spawnSync } from 'node:child_process';
import { version } from '../package.json';
import { request } from './helpers/http';
import { RELAY_MAIN, spawnRelay } from './helpers/processes';
import { describeWithOwnConfig } from './helpers/servers';

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

    it('refuses to start on a bad variable, naming it and never printing a secret', () => {
      const secret = 'short-secret';
      const result = spawnSync(process.execPath, [RELAY_MAIN], {
        env: {
          PATH: process.env.PATH,
          OTX_TIMEOUT_MS: 'soon',
          AUTH_MODE: 'secret',
          JWT_SECRET: secret,
          REDIS_URL: 'http://user:hunter2@localhost',
        },
        encoding: 'utf8',
        timeout: 20000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('OTX_TIMEOUT_MS');
      expect(result.stderr).toContain('JWT_SECRET must be at least 32 characters');
      expect(result.stderr).toContain('REDIS_URL must be a redis:// or rediss:// URL');
      expect(result.stderr).not.toContain(secret);
      expect(result.stderr).not.toContain('hunter2');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  },
);
