import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PassThrough } from 'node:stream';
import { SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { createRelayApp } from '../apps/relay/src/relay.app';
import { bearer, request } from './helpers/http';
import {
  describeWithOwnConfig,
  relayEnvFor,
  RunningServer,
  SIM_API_KEY,
  startSim,
} from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Line = Record<string, unknown>;

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeWithOwnConfig('structured JSON logs: one line per request', () => {
  let sim: RunningServer;
  let app: NestFastifyApplication;
  let url: string;
  let output = '';
  const lines = (): Line[] =>
    output
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line);
  const requestLines = (id: string) =>
    lines().filter((l) => l.msg === 'request completed' && l.requestId === id);
  const lineOf = (id: string) =>
    until(() => (requestLines(id).length > 0 ? requestLines(id) : undefined), `line ${id}`);
  const token = () => simToken(sim.url, trClaims(sim.url, url));
  const observe = (body: unknown, headers: Record<string, string>) =>
    request(`${url}/observe/observables`, { body, headers });

  beforeAll(async () => {
    sim = await startSim();
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // debug: the OTX client's failure lines are written too, and must hide the key as well.
    app = await createRelayApp({
      env: relayEnvFor(sim, { LOG_LEVEL: 'debug', OTX_TIMEOUT_MS: '5000' }),
      logStream,
    });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('has route, method, status, outcome, latency, OTX calls and the echoed id, nothing else', async () => {
    const res = await observe([O.ip], { ...bearer(await token()), 'x-request-id': 'trace-1' });
    expect(res.headers.get('x-request-id')).toBe('trace-1');
    expect(res.body.data.sightings.count).toBeGreaterThan(0);
    const [line, ...others] = await lineOf('trace-1');
    expect(others).toEqual([]);
    expect(line).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      pid: process.pid,
      hostname: expect.any(String),
      requestId: 'trace-1',
      method: 'POST',
      route: '/observe/observables',
      status: 200,
      outcome: 'ok',
      latencyMs: expect.any(Number),
      otxCalls: expect.any(Number),
      msg: 'request completed',
    });
  });

  it('counts exactly the OTX calls the request made', async () => {
    const sim$ = simControl(() => sim.url);
    const auth = bearer(await token());
    await sim$.reset();
    await observe([O.sha256, O.url], { ...auth, 'x-request-id': 'count-1' });
    const { byRoute } = await sim$.stats();
    const made = byRoute.general + byRoute.pulseIndicators;
    expect(made).toBeGreaterThan(2);
    expect((await lineOf('count-1'))[0]).toMatchObject({ otxCalls: made });
  });

  it("writes an OTX failure's debug line with the request's id, and counts the retry", async () => {
    const sim$ = simControl(() => sim.url);
    const auth = bearer(await token());
    await sim$.reset();
    await sim$.faults([{ path: '^/api/v1/indicators/IPv6/', status: 503, times: 1 }]);
    try {
      const res = await observe([O.ipv6], { ...auth, 'x-request-id': 'otx-fail-1' });
      expect(res.body.errors).toBeUndefined(); // the 503 was retried
    } finally {
      await sim$.faults([]);
    }
    const { byRoute } = await sim$.stats();
    const made = byRoute.general + byRoute.pulseIndicators;
    expect(byRoute.general).toBe(2);
    expect((await lineOf('otx-fail-1'))[0]).toMatchObject({ otxCalls: made });
    const tagged = lines().filter((l) => l.requestId === 'otx-fail-1');
    expect(tagged).toEqual([
      expect.objectContaining({
        level: 'debug',
        context: 'OtxClient',
        msg: expect.stringMatching(/^OTX general GET \/api\/v1\/indicators\/IPv6\/.* 503/),
      }),
      expect.objectContaining({ msg: 'request completed' }),
    ]);
    // Every OTX line so far was written serving a request, and names it.
    expect(lines().filter((l) => l.context === 'OtxClient' && l.requestId === undefined)).toEqual(
      [],
    );
  });

  it.each([
    ['the first error code', 'authorization error', [O.ip], {}],
    ['the payload error', 'invalid payload received', [{ type: 'ip' }], {}],
    ['partial when data came with errors', 'partial', [O.ipPartial], { withToken: true }],
  ])('has %s as outcome', async (_what, outcome, body, options) => {
    const id = `outcome-${outcome.replace(/ /g, '-')}`;
    const auth = 'withToken' in options ? bearer(await token()) : {};
    await observe(body, { ...auth, 'x-request-id': id });
    expect((await lineOf(id))[0]).toMatchObject({ outcome, status: 200 });
  });

  it('logs unknown paths and wrong methods under one route label', async () => {
    await request(`${url}/nope/198.51.100.10`, {
      method: 'GET',
      headers: { 'x-request-id': 'nf' },
    });
    await request(`${url}/watchdog`, { method: 'POST', headers: { 'x-request-id': 'na' } });
    expect((await lineOf('nf'))[0]).toMatchObject({
      route: 'unmatched',
      status: 404,
      outcome: 'not found',
    });
    expect((await lineOf('na'))[0]).toMatchObject({ status: 405, outcome: 'method not allowed' });
  });

  it('generates an id when none is given and sanitises the one given', async () => {
    const plain = await request(`${url}/version`);
    const generated = plain.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lineOf(generated!)).toHaveLength(1);
    const odd = await request(`${url}/version`, { headers: { 'x-request-id': 'a b"c<d>' } });
    expect(odd.headers.get('x-request-id')).toBe('abcd');
    expect(await lineOf('abcd')).toHaveLength(1);
  });

  it('never writes the token, the OTX key, cookies or bodies', async () => {
    const jwt = await token();
    const marker = 'body-marker.example';
    await observe([O.ip, O.ipGeneral500, { type: 'domain', value: marker }], {
      ...bearer(jwt),
      cookie: 'session=cookie-secret-1',
      'x-otx-api-key': 'header-key-secret-2',
      'x-request-id': 'secrets',
    });
    await lineOf('secrets');
    expect(output).toContain('"level":"debug"');
    for (const secret of [jwt, SIM_API_KEY, 'cookie-secret-1', 'header-key-secret-2', marker]) {
      expect(output).not.toContain(secret);
    }
  });
});
