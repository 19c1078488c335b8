import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { requestJson } from './http-json';

/** A Node server the bench started, listening on 127.0.0.1. */
export interface ChildServer {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly logPath: string;
}

const running = new Map<ChildProcess, ChildServer>();
const started: ChildServer[] = [];
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node [nodeArgs] <script>` with only `env` (plus PATH), logs to a temp file, and waits until
 * `GET <url><readyPath>` answers 200.
 * @throws Error with the end of the log when the child exits or is not ready in 30 s.
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: { url: string; path: string; headers?: Record<string, string> },
  nodeArgs: string[] = [],
): Promise<ChildServer> {
  const logPath = join(tmpdir(), `otx-bench-${name}-${process.pid}.log`);
  const fd = openSync(logPath, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const server: ChildServer = { name, pid: child.pid ?? -1, url: ready.url, logPath };
  running.set(child, server);
  started.push(server);
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = `${name} exited (${signal ?? code})`;
    running.delete(child);
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (exit === undefined && Date.now() < deadline) {
    const answer = await requestJson(`${ready.url}${ready.path}`, {
      headers: ready.headers,
      timeoutMs: 1000,
    }).catch(() => undefined);
    if (answer?.status === 200) return server;
    await sleep(100);
  }
  throw new Error(`${exit ?? `${name} not ready in 30 s`}\n${logTail(logPath)}`);
}

/** Throws when a server the bench started has died since. */
export function assertAlive(server: ChildServer): void {
  if (![...running.values()].includes(server)) {
    throw new Error(`${server.name} is not running\n${logTail(server.logPath)}`);
  }
}

/**
 * A memory figure of `/proc/<pid>/status` in bytes (`VmHWM`: peak resident set, `VmRSS`: now),
 * or undefined when the process is gone or /proc is missing.
 */
export function procStatusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system) `pid` has used so far, in milliseconds, from `/proc/<pid>/stat`; or
 * undefined when the process is gone or /proc is missing. Unlike wall time, it does not depend
 * on what else the machine is running.
 */
export function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // Linux reports in clock ticks of 1/100 s on every platform Node runs on.
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SIGTERM to every child still running, SIGKILL after 5 s. Returns the children's log files
 * when `keepLogs`, else removes them.
 */
export async function stopAll(keepLogs: boolean): Promise<string[]> {
  await Promise.all([...running.keys()].map((child) => stopChild(child)));
  const logs = started.map((server) => server.logPath);
  if (keepLogs) return logs;
  for (const log of logs) rmSync(log, { force: true });
  return [];
}

/** SIGTERM to one server the bench started (SIGKILL after 5 s); its log stays for `stopAll`. */
export async function stopServer(server: ChildServer): Promise<void> {
  const child = [...running].find(([, s]) => s === server)?.[0];
  if (child) await stopChild(child);
}

/** Last resort on process exit: kill whatever is left, synchronously. */
export function killAllNow(): void {
  for (const child of running.keys()) child.kill('SIGKILL');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function logTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
