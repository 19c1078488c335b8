import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { version } from '../package.json';
import { request } from './helpers/http';
import { describeWithOwnConfig } from './helpers/servers';

const MAIN = join(__dirname, '..', 'dist', 'apps', 'relay', 'main.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForVersion(url: string, child: ChildProcess): Promise<unknown> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`relay exited with ${child.exitCode}`);
    try {
      return (await request(`${url}/version`)).body;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('relay did not start');
}

describeWithOwnConfig(
  'node dist/apps/relay/main.js (the built relay, as operators start it)',
  () => {
    beforeAll(() => {
      if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    });

    it('starts on HOST:PORT, serves, and exits 0 on SIGTERM', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [MAIN], {
        env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port) },
        stdio: 'ignore',
      });
      try {
        expect(await waitForVersion(`http://127.0.0.1:${port}`, child)).toEqual({ version });
      } finally {
        const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    });

    it('refuses to start on a bad variable, naming it and never printing a secret', () => {
      const secret = 'short-secret';
      const result = spawnSync(process.execPath, [MAIN], {
        env: {
          PATH: process.env.PATH,
          OTX_TIMEOUT_MS: 'soon',
          AUTH_MODE: 'secret',
          JWT_SECRET: secret,
        },
        encoding: 'utf8',
        timeout: 20000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('OTX_TIMEOUT_MS');
      expect(result.stderr).toContain('JWT_SECRET must be at least 32 characters');
      expect(result.stderr).not.toContain(secret);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  },
);
