import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { HttpAnswer, request } from './helpers/http';
import { freePort, RELAY_MAIN, waitForRelay } from './helpers/processes';
import { describeWithOwnConfig, relayEnvFor, RunningServer, startSim } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { secretToken, simToken } from './helpers/tokens';

// Distinctive values: any occurrence in a log line or an answer is a leak, never a coincidence.
const OTX_KEY = 'otx-key-SECRET-4f8a1c7e9b2d';
const OTX_KEY_REVOKED = 'otx-key-SECRET-revoked-6e3b0a5d';
const JWT_SECRET = 'jwt-secret-SECRET-0b9f4e2a7c1d8e3f5a6b';
const OTHER_SECRET = 'jwt-secret-SECRET-not-the-relays-1a2b3c4d5e';
/** Anything shaped like a JWT (base64url JSON header and payload). */
const JWT_SHAPE = /eyJ[\w-]{4,}\.eyJ[\w-]{4,}/;

/** The built relay with its stdout and stderr captured: every line it writes, at any level. */
interface LoggedRelay {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<unknown>;
}

async function spawnLoggedRelay(env: Record<string, string>): Promise<LoggedRelay> {
  if (!existsSync(RELAY_MAIN)) throw new Error(`${RELAY_MAIN} is missing: run npm run build`);
  const port = await freePort();
  const child = spawn(process.execPath, [RELAY_MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForRelay(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    child,
    output: () => output,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Status, every header and the body, as one searchable text. */
const transcript = (what: string, res: HttpAnswer): string =>
  `${what} -> ${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${res.text}`;

/** The header, payload and signature segments a leak could show: the payload holds the key. */
const tokenSecrets = (token: string): string[] => {
  const [, payload, signature] = token.split('.');
  return [token, payload, signature].filter((s) => s !== undefined && s.length > 0);
};

describeWithOwnConfig('secrets never reach the logs (LOG_LEVEL=trace) or any answer', () => {
  let sim: RunningServer;
  const relays: LoggedRelay[] = [];
  const answers: string[] = [];
  const secrets = new Set<string>([OTX_KEY, OTX_KEY_REVOKED, JWT_SECRET, OTHER_SECRET]);
  const control = simControl(() => sim.url);

  const send = async (
    what: string,
    url: string,
    init: Parameters<typeof request>[1] = {},
  ): Promise<HttpAnswer> => {
    const res = await request(url, init);
    answers.push(transcript(what, res));
    return res;
  };
  const remember = (token: string) => {
    tokenSecrets(token).forEach((s) => secrets.add(s));
    return token;
  };
  const leaksIn = (text: string): string[] => [
    ...[...secrets].filter((s) => text.includes(s)),
    ...(JWT_SHAPE.test(text) ? [`a JWT: ${JWT_SHAPE.exec(text)?.[0]}`] : []),
  ];

  /**
   * Every endpoint and the main failure paths of one relay: `good` is a token it accepts,
   * `bad` are tokens it must refuse, `revoked` one it accepts but whose OTX key OTX refuses.
   */
  const drive = async (relay: LoggedRelay, good: string, bad: string[], revoked: string) => {
    const base = relay.url;
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    const observe = (what: string, body: unknown, headers: Record<string, string>) =>
      send(`observe ${what}`, `${base}/observe/observables`, { body, headers });

    expect((await send('health', `${base}/health`, { headers: auth(good) })).body).toEqual({
      data: { status: 'ok' },
    });
    const found = await observe('ip', [O.ip], auth(good));
    expect(found.body.data.sightings.count).toBeGreaterThan(0);

    // Refused tokens, in the header as sent and mangled, on both guarded endpoints.
    for (const token of [...bad, good]) {
      for (const header of [
        `Bearer ${token}`,
        `Bearer ${token} extra`,
        `Basic ${token}`,
        token,
        `Bearer ${token}x`,
        `Bearer ${token.split('.').slice(0, 2).join('.')}`,
      ]) {
        if (header === `Bearer ${good}`) continue;
        const res = await send('health bad token', `${base}/health`, {
          headers: { authorization: header },
        });
        expect(res.body.errors[0].code).toBe('authorization error');
        await observe('bad token', [O.ipv6], { authorization: header });
      }
    }

    // OTX refuses the key, fails, hangs, resets, answers HTML or throttles.
    const revokedHealth = await send('health revoked key', `${base}/health`, {
      headers: auth(revoked),
    });
    expect(revokedHealth.body.errors).toBeDefined();
    await observe('revoked key', [O.ipManyPulses], auth(revoked));
    const faults: [string, Record<string, unknown>, { type: string; value: string }][] = [
      ['403', { status: 403, body: '{"detail": "Authentication required"}' }, O.ipv6],
      ['500', { status: 500, body: '<html>Server Error</html>' }, O.domain],
      ['hang', { hang: true }, O.url],
      ['reset', { reset: true }, O.md5],
      ['429', { status: 429, body: '{"detail": "throttled"}' }, O.sha1],
      ['HTML 200', { status: 200, body: '<html>maintenance</html>' }, O.sha256],
    ];
    for (const [name, rule, observable] of faults) {
      expect((await control.faults([{ path: '^/api/v1/', ...rule }])).status).toBe(200);
      const health = await send(`health OTX ${name}`, `${base}/health`, { headers: auth(good) });
      expect(health.body.errors).toBeDefined();
      const res = await observe(`OTX ${name}`, [observable], auth(good));
      expect(res.body.errors).toBeDefined();
    }
    await control.faults([]);

    // The whole corpus: failing scenarios (500, 429, hang, HTML, partial pulses) included.
    await observe('corpus', Object.values(O), auth(good));
    await send('refer', `${base}/refer/observables`, {
      body: Object.values(O),
      headers: auth(good),
    });

    // Invalid payloads, with a valid token.
    const json = { ...auth(good), 'content-type': 'application/json' };
    for (const [what, body] of [
      ['not JSON', '{"type":'],
      ['object', '{"type":"ip","value":"198.51.100.10"}'],
      ['missing value', '[{"type":"ip"}]'],
      ['unknown type', '[{"type":"nope","value":"x"}]'],
    ] as const) {
      const res = await send(`invalid ${what}`, `${base}/observe/observables`, {
        body,
        headers: json,
      });
      expect(res.body.errors).toBeDefined();
      await send(`refer invalid ${what}`, `${base}/refer/observables`, { body, headers: json });
    }

    // The unguarded endpoints, routing errors, metrics and docs, each with the token sent.
    await send('version', `${base}/version`, { headers: auth(good) });
    await send('watchdog', `${base}/watchdog`, {
      method: 'GET',
      headers: { ...auth(good), 'health-check': 'ping' },
    });
    await send('watchdog no header', `${base}/watchdog`, { method: 'GET', headers: auth(good) });
    await send('404', `${base}/nope/x`, { method: 'GET', headers: auth(good) });
    await send('405', `${base}/watchdog`, { method: 'POST', headers: auth(good) });
    await send('405 health', `${base}/health`, { method: 'GET', headers: auth(good) });
    await send('metrics', `${base}/metrics`, { method: 'GET', headers: auth(good) });
    await send('docs', `${base}/docs-json`, { method: 'GET', headers: auth(good) });
  };

  beforeAll(async () => {
    sim = await startSim({ apiKeys: [OTX_KEY] });
    const env = relayEnvFor(sim, { LOG_LEVEL: 'trace', OTX_RETRIES: '1' });
    relays.push(await spawnLoggedRelay(env));
    relays.push(await spawnLoggedRelay({ ...env, AUTH_MODE: 'secret', JWT_SECRET: JWT_SECRET }));
  });
  afterAll(async () => {
    await control.faults([]).catch(() => undefined);
    for (const relay of relays) {
      if (relay.child.exitCode === null) relay.child.kill('SIGKILL');
    }
    await sim?.close();
  });

  it('drives the relay in jwks mode', async () => {
    const relay = relays[0];
    const claims = { key: OTX_KEY, jwks_host: new URL(sim.url).host, aud: relay.url };
    const mint = async (extra: Record<string, unknown>, options: { kid?: string } = {}) =>
      remember(await simToken(sim.url, { ...claims, ...extra }, options));
    const good = await mint({});
    const bad = [
      await mint({ aud: 'https://elsewhere.example' }),
      await mint({ exp: Math.floor(Date.now() / 1000) - 60 }),
      await mint({}, { kid: 'unknown-kid' }),
      await mint({ jwks_host: 'visibility.amp.cisco.com.evil.test' }),
      remember(secretToken(JWT_SECRET, claims)),
      // The signature of another valid token: a forgery of the payload.
      remember(`${good.split('.').slice(0, 2).join('.')}.${(await mint({ x: 1 })).split('.')[2]}`),
    ];
    await drive(relay, good, bad, await mint({ key: OTX_KEY_REVOKED }));
  }, 120_000);

  it('drives the relay in secret mode', async () => {
    const relay = relays[1];
    const good = remember(secretToken(JWT_SECRET, { key: OTX_KEY }));
    const bad = [
      remember(secretToken(OTHER_SECRET, { key: OTX_KEY })),
      remember(secretToken(JWT_SECRET, { key: OTX_KEY }, { expiresIn: -60 })),
      remember(secretToken(JWT_SECRET, { key: OTX_KEY, aud: 'https://elsewhere.example' })),
      remember(await simToken(sim.url, { key: OTX_KEY, aud: relay.url })),
    ];
    await drive(relay, good, bad, remember(secretToken(JWT_SECRET, { key: OTX_KEY_REVOKED })));
  }, 120_000);

  it('wrote no OTX key, JWT, signature or JWT_SECRET in any log line or answer', async () => {
    // SIGTERM: the shutdown lines are read too.
    await Promise.all(relays.map((relay) => relay.stop()));
    const logs = relays.map((relay) => relay.output()).join('\n');
    // The capture is real: a line per request, and the levels below info are written.
    expect(logs.match(/"msg":"request completed"/g)?.length ?? 0).toBeGreaterThan(100);
    expect(logs).toMatch(/"level":"(debug|trace)"/);
    expect(answers.length).toBeGreaterThan(100);
    expect(secrets.size).toBeGreaterThan(20);

    expect(leaksIn(logs)).toEqual([]);
    expect(
      answers.flatMap((answer) => leaksIn(answer).map((leak) => `${leak} in ${answer}`)),
    ).toEqual([]);
  });
});
