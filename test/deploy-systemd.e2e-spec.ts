import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../package.json';
import { request } from './helpers/http';
import { freePort, waitForRelay } from './helpers/processes';
import { describeWithOwnConfig } from './helpers/servers';

const ROOT = join(__dirname, '..');
const UNIT = join(ROOT, 'deploy', 'systemd', 'otx-relay.service');
const ENV_FILE = join(ROOT, 'deploy', 'systemd', 'otx-relay.env');
const INSTALL_DIR = '/opt/otx-relay';
const HAS_SYSTEMD_ANALYZE = spawnSync('systemd-analyze', ['--version']).status === 0;

/** `Key=value` settings of a unit file section, a key given twice kept as a list. */
function unitSection(text: string, section: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let current = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1];
    else if (current === section) {
      const [key, ...value] = line.split('=');
      settings.set(key, [...(settings.get(key) ?? []), value.join('=')]);
    }
  }
  return settings;
}

/** An EnvironmentFile as systemd reads this one: KEY=value lines, comments, no quoting. */
function environmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match || /["'\\]/.test(match[2])) throw new Error(`not a plain KEY=value line: ${line}`);
    env[match[1]] = match[2];
  }
  return env;
}

const unitText = readFileSync(UNIT, 'utf8');
const service = unitSection(unitText, 'Service');
const one = (key: string) => {
  const values = service.get(key) ?? [];
  if (values.length !== 1) throw new Error(`${key} is set ${values.length} times in ${UNIT}`);
  return values[0];
};

describe('deploy/systemd/otx-relay.service (docs/deploy.md)', () => {
  // Skipped only where systemd is not installed; in CI (CI set) that fails instead.
  const itWithSystemd = HAS_SYSTEMD_ANALYZE || process.env.CI ? it : it.skip;

  itWithSystemd('passes systemd-analyze verify without a warning', () => {
    const result = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({
      status: 0,
      output: '',
    });
  });

  itWithSystemd('has an exposure level of 2.0 or less in systemd-analyze security', () => {
    // --threshold is in tenths: 20 is the 2.0 that the command prints.
    const result = spawnSync(
      'systemd-analyze',
      ['security', '--offline=true', '--threshold=20', UNIT],
      { encoding: 'utf8' },
    );
    const level = /Overall exposure level for otx-relay\.service: ([\d.]+)/.exec(result.stdout);
    expect(result.status).toBe(0);
    expect(level).not.toBeNull();
    expect(Number(level![1])).toBeLessThanOrEqual(2);
  });

  it('is hardened: its own user, no new privileges, a read-only system, restarted on failure', () => {
    expect(one('User')).toBe('otx-relay');
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(one('Restart')).toBe('on-failure');
    expect(one('EnvironmentFile')).toBe('/etc/otx-relay/otx-relay.env');
  });

  it('gives the relay longer to stop than the relay gives requests in flight', () => {
    const graceMs = Number(environmentFile(readFileSync(ENV_FILE, 'utf8')).SHUTDOWN_GRACE_MS);
    expect(graceMs).toBeGreaterThan(0);
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(Number(one('TimeoutStopSec')) * 1000).toBeGreaterThan(graceMs);
  });
});

describeWithOwnConfig('the relay started as otx-relay.service starts it', () => {
  it('starts from ExecStart with the example EnvironmentFile, serves, and exits 0 on SIGTERM', async () => {
    // The install directory is this work tree; the port a free one instead of 9090.
    const [exe, ...args] = one('ExecStart')
      .split(/\s+/)
      .map((word) => word.replace(INSTALL_DIR, ROOT));
    expect(exe).toBe('/usr/bin/node');
    const port = await freePort();
    const env: Record<string, string> = { PATH: '/usr/bin:/bin' };
    for (const assignment of service.get('Environment') ?? []) {
      const [key, ...value] = assignment.split('=');
      env[key] = value.join('=');
    }
    Object.assign(env, environmentFile(readFileSync(ENV_FILE, 'utf8')), { PORT: String(port) });
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '127.0.0.1' });
    // This test's Node stands for /usr/bin/node (CI may run another version beside it).
    const child = spawn(process.execPath, args, {
      cwd: one('WorkingDirectory').replace(INSTALL_DIR, ROOT),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    try {
      expect(await waitForRelay(url, child)).toEqual({ version });
      const watchdog = await request(`${url}/watchdog`, {
        method: 'GET',
        headers: { 'health-check': 'systemd' },
      });
      expect(watchdog.body).toEqual({ data: 'systemd' });
      expect(output).toContain(`"msg":"otx-relay listening on ${url}"`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
