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
  /** What the relay wrote so far, stdout and stderr together. */
  output(): string;
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

/**
 * Starts `node dist/apps/relay/main.js` on a free port of `env.HOST` (a loopback address,
 * 127.0.0.1 unless given) with exactly `env`.
 */
export async function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  if (!existsSync(RELAY_MAIN)) throw new Error(`${RELAY_MAIN} is missing: run npm run build`);
  const host = env.HOST ?? '127.0.0.1';
  const port = await freePort(host);
  const child = spawn(process.execPath, [RELAY_MAIN], {
    env: { PATH: process.env.PATH, HOST: host, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://${host}:${port}`;
  await waitForRelay(url, child);
  return {
    url,
    child,
    output: () => output,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
