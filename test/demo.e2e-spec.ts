import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectationFor, SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { describeWithOwnConfig } from './helpers/servers';

const ROOT = join(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin');

/** A printed curl, as fetch arguments: `curl -s [-X M] URL [-H 'k: v']... [-d 'body']`. */
function parseCurl(line: string): { url: string; init: RequestInit } {
  const words = (line.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'|'$/g, ''));
  const headers: Record<string, string> = {};
  const init: RequestInit = { method: 'GET', headers };
  let url = '';
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '-X') init.method = words[++i];
    else if (word === '-H') {
      const [name, ...value] = words[++i].split(': ');
      headers[name] = value.join(': ');
    } else if (word === '-d') init.body = words[++i];
    else if (word.startsWith('http')) url = word;
  }
  return { url, init };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeWithOwnConfig('npm run demo', () => {
  let demo: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    demo = spawn(
      process.execPath,
      [
        TS_NODE,
        '--transpile-only',
        '--project',
        'scripts/demo/tsconfig.json',
        'scripts/demo/main.ts',
      ],
      { cwd: ROOT, env: { ...process.env, DEMO_RELAY_PORT: '0', DEMO_SIM_PORT: '0' } },
    );
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => demo.on('exit', resolve));
    for (let i = 0; i < 300 && !output.includes('Press Ctrl-C'); i++) {
      if (demo.exitCode !== null) throw new Error(`demo exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60000);
  afterAll(() => {
    if (demo.exitCode === null) demo.kill('SIGKILL');
  });

  const curls = () => output.split('\n').filter((l) => l.startsWith('curl '));
  const curlFor = (path: string) => curls().find((c) => parseCurl(c).url.endsWith(path))!;

  it('prints a curl for every endpoint', () => {
    const paths = curls().map((c) => new URL(parseCurl(c).url).pathname);
    expect(paths.sort()).toEqual(
      [
        '/docs-json',
        '/health',
        '/metrics',
        '/observe/observables',
        '/refer/observables',
        '/version',
        '/watchdog',
      ].sort(),
    );
    expect(output).toMatch(/Swagger UI: http:\/\/127\.0\.0\.1:\d+\/docs/);
  });

  it('prints curls that work as pasted, the token included', async () => {
    const observe = parseCurl(curlFor('/observe/observables'));
    const found = (await (await fetch(observe.url, observe.init)).json()) as any;
    expect(found.data.sightings.count).toBe(expectationFor(O.ip).matches.length);
    const health = parseCurl(curlFor('/health'));
    expect(await (await fetch(health.url, health.init)).json()).toEqual({ data: { status: 'ok' } });
  });

  it('stops the simulator and the relay on Ctrl-C (SIGINT)', async () => {
    const [, simPid, relayPid] = /pids: sim (\d+), relay (\d+)/.exec(output)!.map(Number);
    expect([alive(simPid), alive(relayPid)]).toEqual([true, true]);
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect([alive(simPid), alive(relayPid)]).toEqual([false, false]);
    expect(output).toContain('demo stopped');
  });
});
