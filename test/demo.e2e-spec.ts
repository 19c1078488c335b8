import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expectationFor, SIM_OBSERVABLES as O, SIM_SCENARIOS } from '../apps/otx-sim/src/fixtures';
import { freePort } from './helpers/processes';
import { describeWithOwnConfig } from './helpers/servers';

const ROOT = join(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin');
const DEMO = [
  TS_NODE,
  '--transpile-only',
  '--project',
  'scripts/demo/tsconfig.json',
  'scripts/demo/main.ts',
];

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
  let relayPort: number;

  beforeAll(async () => {
    relayPort = await freePort();
    // PORT as the relay reads it; HOST is one of the settings the demo overrides, and says so.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(relayPort),
      DEMO_SIM_PORT: '0',
      HOST: '0.0.0.0',
    };
    delete env.DEMO_RELAY_PORT;
    demo = spawn(process.execPath, DEMO, { cwd: ROOT, env });
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
        '/deliberate/observables',
        '/docs-json',
        '/health',
        '/metrics',
        '/observe/observables',
        '/refer/observables',
        '/version',
        '/watchdog',
      ].sort(),
    );
    expect(output).toContain(`Swagger UI: http://127.0.0.1:${relayPort}/docs`);
  });

  it('puts the relay on PORT, and on loopback whatever HOST says', () => {
    const hosts = curls().map((c) => new URL(parseCurl(c).url).host);
    expect(new Set(hosts)).toEqual(new Set([`127.0.0.1:${relayPort}`]));
    expect(output).toContain('note: ignoring HOST=0.0.0.0: the demo sets them');
  });

  it('prints a token that works on localhost as well as on 127.0.0.1', async () => {
    expect(output).toContain(
      `The token is good for http://127.0.0.1:${relayPort} and http://localhost:${relayPort} alike.`,
    );
    const observe = parseCurl(curlFor('/observe/observables'));
    const url = observe.url.replace('127.0.0.1', 'localhost');
    const found = (await (await fetch(url, observe.init)).json()) as any;
    expect(found.data.sightings.count).toBe(expectationFor(O.ip).matches.length);
  });

  it('prints curls that work as pasted, the token included', async () => {
    const observe = parseCurl(curlFor('/observe/observables'));
    const found = (await (await fetch(observe.url, observe.init)).json()) as any;
    expect(found.data.sightings.count).toBe(expectationFor(O.ip).matches.length);
    const health = parseCurl(curlFor('/health'));
    expect(await (await fetch(health.url, health.init)).json()).toEqual({ data: { status: 'ok' } });
  });

  it('prints a deliberate curl whose observables get the verdicts of the corpus oracle', async () => {
    const deliberate = parseCurl(curlFor('/deliberate/observables'));
    const asked = JSON.parse(deliberate.init.body as string) as { type: string; value: string }[];
    const oracle = asked.map((o) => {
      const scenario = Object.values(SIM_SCENARIOS).find(
        (s) => s.observable.type === o.type && s.observable.value === o.value,
      );
      return [o, scenario?.verdict?.disposition];
    });
    expect(oracle.map(([, disposition]) => disposition)).toContain('Malicious');
    const answer = (await (await fetch(deliberate.url, deliberate.init)).json()) as any;
    expect(answer.data.verdicts.docs.map((v: any) => [v.observable, v.disposition_name])).toEqual(
      oracle,
    );
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

describeWithOwnConfig('npm run demo refuses port settings it cannot honour', () => {
  const run = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, DEMO, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 30000,
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  it('refuses PORT and DEMO_RELAY_PORT that disagree, before starting anything', () => {
    expect(run({ PORT: '19090', DEMO_RELAY_PORT: '19091' })).toEqual({
      status: 1,
      output: 'demo not started: PORT=19090 and DEMO_RELAY_PORT=19091 disagree: set one of them\n',
    });
  });

  it('refuses a port that is not a number, naming the variable', () => {
    expect(run({ DEMO_SIM_PORT: 'abc' })).toEqual({
      status: 1,
      output:
        'demo not started: DEMO_SIM_PORT="abc": must be a whole number from 0 to 65535 ' +
        '(0 picks a free port)\n',
    });
  });
});
