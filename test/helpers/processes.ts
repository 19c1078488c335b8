import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './redis';
import { request } from './http';

export { freePort };

/** The built relay, as operators start it (`npm run build` first). */
export const RELAY_MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'relay', 'main.js');

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Polls `POST /version` until the relay answers, or fails if it exits first. */
export async function waitForRelay(url: string, child: ChildProcess): Promise<unknown> {
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

/** Starts `node dist/apps/relay/main.js` on a free loopback port with exactly `env`. */
export async function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  if (!existsSync(RELAY_MAIN)) throw new Error(`${RELAY_MAIN} is missing: run npm run build`);
  const port = await freePort();
  const child = spawn(process.execPath, [RELAY_MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForRelay(url, child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    url,
    child,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
