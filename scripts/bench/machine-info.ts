import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';

/** Where and on what code a bench ran. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  date: string;
  commit: string;
  /** `git status` of apps/ and libs/ is not clean: the build may hold uncommitted work. */
  dirty: boolean;
  relayBuiltAt: string;
  /** 1-minute load average just before the bench started anything. */
  loadBefore: number;
}

/** The 1-minute load average now. */
export function loadNow(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}

/** Describes this machine, the checkout and when `relayScript` was built. */
export function machineInfo(relayScript: string, loadBefore: number): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${osType()} ${release()}`,
    date: iso(new Date()),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['--no-optional-locks', 'status', '--porcelain', '--', 'apps', 'libs']) !== '',
    relayBuiltAt: iso(statSync(relayScript).mtime),
    loadBefore,
  };
}

const iso = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}
