import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { RELAY_SCRIPT, SIM_SCRIPT } from './bench-stack';
import { killAllNow, stopAll } from './child-process';
import { closeConnections } from './http-json';

/** What `npm run bench` and `npm run soak` share: flags, logging, build, limits and clean stop. */
export interface ScriptSpec<O extends { help: boolean }> {
  /** Prefix of the lines logged on stderr (`bench`, `soak`). */
  name: string;
  usage: string;
  /** @throws Error naming the first bad flag */
  parse(argv: string[]): O;
  /** Past this the run is stopped as hung (logs kept). */
  limitMs(options: O): number;
  /** The run; its number is the exit code. */
  main(options: O): Promise<number>;
}

/** Logs `line` on stderr under the script's name. */
export function scriptLogger(name: string): (line: string) => void {
  return (line) => process.stderr.write(`${name}: ${line}\n`);
}

/** Runs `npm run build` when `force` or when the built relay or simulator is missing. */
export function buildIfNeeded(force: boolean, log: (line: string) => void): void {
  if (!force && existsSync(RELAY_SCRIPT) && existsSync(SIM_SCRIPT)) return;
  log('building (npm run build)');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(RELAY_SCRIPT) || !existsSync(SIM_SCRIPT)) {
    throw new Error('npm run build failed');
  }
}

/**
 * Parses the flags (exit 2 on a bad one), runs `main` within its time limit, and on any end
 * (done, failure, Ctrl-C, SIGTERM, time limit) stops every server it started; their logs are
 * kept when the run failed.
 */
export function runScript<O extends { help: boolean }>(spec: ScriptSpec<O>): void {
  const log = scriptLogger(spec.name);
  let options: O;
  try {
    options = spec.parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${spec.usage}\n`);
    process.exit(2);
  }
  if (options.help) return void process.stdout.write(`${spec.usage}\n`);

  let exiting = false;
  const shutdown = async (code: number, keepLogs: boolean): Promise<void> => {
    // The first reason to stop wins (an interrupt makes the run in flight fail too).
    if (exiting) return;
    exiting = true;
    const logs = await stopAll(keepLogs);
    if (logs.length > 0) log(`logs kept: ${logs.join(', ')}`);
    closeConnections();
    process.exit(code);
  };
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void shutdown(130, false);
    });
  }
  const limitMs = spec.limitMs(options);
  const limit = setTimeout(() => {
    log(`stopped after ${Math.round(limitMs / 1000)} s`);
    void shutdown(1, true);
  }, limitMs);
  spec.main(options).then(
    (code) => (clearTimeout(limit), shutdown(code, code !== 0)),
    (error: unknown) => {
      if (!exiting) log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      return shutdown(1, true);
    },
  );
}
