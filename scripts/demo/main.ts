// npm run demo: the OTX simulator and the relay on loopback, a test token, and a curl per endpoint.
// Ports: PORT or DEMO_RELAY_PORT for the relay (9090), DEMO_SIM_PORT for the simulator (9100);
// 0 picks a free one. Ctrl-C stops both. Other relay variables in the environment reach the relay,
// except those the demo sets itself (DEMO_OWNED), which it says it ignores.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const RELAY_MAIN = join(ROOT, 'dist', 'apps', 'relay', 'main.js');
const SIM_MAIN = join(ROOT, 'dist', 'apps', 'otx-sim', 'main.js');
const OBSERVABLE = { type: 'ip', value: '198.51.100.10' };
const EMAIL = { type: 'email', value: 'phish@malware-drop.example' };
/** In three recent pulses by three authors in the simulator's corpus: a Malicious verdict. */
const MALICIOUS = { type: 'ip', value: '198.51.100.60' };
/** What the demo sets on the relay itself, whatever the environment says. */
const DEMO_OWNED = ['HOST', 'OTX_BASE_URL', 'JWKS_ALLOWED_HOSTS', 'JWKS_URL_TEMPLATE'];
const children: ChildProcess[] = [];
let stopping = false;

/** A bad setting of the demo itself: printed as one line, before anything starts. */
class DemoSettingError extends Error {}

/** The port `names` ask for (all that are set must agree), else `fallback`; 0 is kept. */
function portSetting(names: string[], fallback: number): number {
  const given = names.filter((n) => (process.env[n] ?? '') !== '');
  const values = [...new Set(given.map((n) => process.env[n]!.trim()))];
  if (values.length > 1) {
    const list = given.map((n) => `${n}=${process.env[n]}`).join(' and ');
    throw new DemoSettingError(`${list} disagree: set one of them`);
  }
  if (values.length === 0) return fallback;
  const port = Number(values[0]);
  if (!/^\d+$/.test(values[0]) || port > 65535) {
    throw new DemoSettingError(
      `${given[0]}=${JSON.stringify(process.env[given[0]])}: must be a whole number from 0 ` +
        'to 65535 (0 picks a free port)',
    );
  }
  return port;
}

async function port(asked: number): Promise<number> {
  if (asked !== 0) return asked;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Builds once when dist/ lacks either app, so that a fresh clone can run the demo directly. */
function buildIfMissing(): void {
  if (existsSync(RELAY_MAIN) && existsSync(SIM_MAIN)) return;
  console.log('dist/ is missing: running npm run build first');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function start(name: string, main: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', name === 'relay' ? 'pipe' : 'ignore', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `${name.padEnd(5)} | `));
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', prefix);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped unexpectedly (${signal ?? code}); stopping the demo`);
    void stop(1);
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url, { headers })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer`);
}

/** A token whose `aud` lists every URL given: the relay accepts it on any of them. */
function mintToken(simUrl: string, relayUrls: string[]): string {
  const auds = relayUrls.flatMap((url) => ['--aud', url]);
  const args = [SIM_MAIN, 'mint-token', '--sim-url', simUrl, ...auds];
  const minted = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (minted.status !== 0) throw new Error(`mint-token failed: ${minted.stderr}`);
  return minted.stdout.trim();
}

function printCurls(relay: string, token: string, alsoFor: string): void {
  const auth = `-H 'Authorization: Bearer ${token}'`;
  const json = (body: unknown) =>
    `-H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;
  const lines = [
    ['health (asks OTX whether the key works)', `curl -s -X POST ${relay}/health ${auth}`],
    ['observe', `curl -s -X POST ${relay}/observe/observables ${auth} ${json([OBSERVABLE])}`],
    [
      'deliberate (a verdict per observable)',
      `curl -s -X POST ${relay}/deliberate/observables ${auth} ${json([MALICIOUS, OBSERVABLE])}`,
    ],
    ['refer (no token)', `curl -s -X POST ${relay}/refer/observables ${json([OBSERVABLE, EMAIL])}`],
    ['version', `curl -s -X POST ${relay}/version`],
    ['watchdog', `curl -s ${relay}/watchdog -H 'Health-Check: demo'`],
    ['metrics', `curl -s ${relay}/metrics`],
    ['docs (or open it in a browser)', `curl -s ${relay}/docs-json`],
  ];
  console.log('\nThe relay is ready. Paste any of these:\n');
  for (const [what, curl] of lines) console.log(`# ${what}\n${curl}\n`);
  console.log(`The token is good for ${relay} and ${alsoFor} alike.`);
  console.log(`Swagger UI: ${relay}/docs`);
  console.log(`pids: sim ${children[0].pid}, relay ${children[1].pid}`);
  console.log('Press Ctrl-C to stop.');
}

/** Stops both children (TERM, then KILL after 10 s) and exits with `code`. */
async function stop(code: number): Promise<void> {
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  const exits = running.map((c) => new Promise((resolve) => c.once('exit', resolve)));
  running.forEach((c) => c.kill('SIGTERM'));
  const killer = setTimeout(() => running.forEach((c) => c.kill('SIGKILL')), 10000);
  await Promise.all(exits);
  clearTimeout(killer);
  console.log('demo stopped');
  process.exit(code);
}

/** Says which variables of the environment the demo overrides, so none is ignored silently. */
function noteOverrides(): void {
  const ignored = DEMO_OWNED.filter((n) => (process.env[n] ?? '') !== '');
  if (ignored.length === 0) return;
  const list = ignored.map((n) => `${n}=${process.env[n]}`).join(', ');
  console.log(
    `note: ignoring ${list}: the demo sets them (loopback, the simulator as OTX and JWKS)`,
  );
}

async function main(): Promise<void> {
  const askedSim = portSetting(['DEMO_SIM_PORT'], 9100);
  const askedRelay = portSetting(['PORT', 'DEMO_RELAY_PORT'], 9090);
  noteOverrides();
  buildIfMissing();
  const simPort = await port(askedSim);
  const relayPort = await port(askedRelay);
  const sim = `http://127.0.0.1:${simPort}`;
  const relay = `http://127.0.0.1:${relayPort}`;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stopping) void stop(0);
    });
  }
  start('sim', SIM_MAIN, { PORT: String(simPort) });
  await waitFor(`${sim}/_sim/stats`);
  start('relay', RELAY_MAIN, {
    PORT: String(relayPort),
    OTX_BASE_URL: sim,
    JWKS_ALLOWED_HOSTS: `127.0.0.1:${simPort}`,
    JWKS_URL_TEMPLATE: 'http://{host}/.well-known/jwks',
  });
  await waitFor(`${relay}/watchdog`, { 'Health-Check': 'demo' });
  const localhost = `http://localhost:${relayPort}`;
  printCurls(relay, mintToken(sim, [relay, localhost]), localhost);
}

main().catch((error: unknown) => {
  if (error instanceof DemoSettingError) {
    console.error(`demo not started: ${error.message}`);
    process.exit(1);
  }
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
