import { validateCtimBundle } from '@app/ctim';
import {
  createServer,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo, createServer as createNetServer, Server as NetServer } from 'node:net';
import { expectationFor, SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import {
  describeWithOwnConfig,
  relayEnvFor,
  RunningServer,
  SIM_API_KEY,
  startRelay,
  startSim,
} from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * OTX as the relay sees it: the simulator behind a front that can answer a path itself (for
 * what the simulator's fault rules cannot do: headers, a body cut mid-way, a redirect).
 */
interface Front {
  url: string;
  server: Server;
  rules: { path: RegExp; answer: Answer }[];
  keysSeen: string[];
}

async function listenOn(server: Server | NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startFront(simUrl: string): Promise<Front> {
  const sim = new URL(simUrl);
  const front: Front = { url: '', server: createServer(), rules: [], keysSeen: [] };
  front.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    front.keysSeen.push(String(req.headers['x-otx-api-key']));
    const rule = front.rules.find((r) => r.path.test(req.url ?? ''));
    if (rule) return rule.answer(req, res);
    const upstream = httpRequest(
      {
        host: sim.hostname,
        port: sim.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  front.url = `http://127.0.0.1:${await listenOn(front.server)}`;
  return front;
}

/** A host the relay must never reach: counts the TCP connections it accepts. */
async function startElsewhere(): Promise<{ url: string; server: NetServer; connections: number }> {
  const elsewhere = { url: '', server: createNetServer(), connections: 0 };
  elsewhere.server.on('connection', (socket) => {
    elsewhere.connections++;
    socket.destroy();
  });
  elsewhere.url = `http://127.0.0.1:${await listenOn(elsewhere.server)}`;
  return elsewhere;
}

const close = (server: Server | NetServer | undefined) =>
  new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));

const FAULTED = O.domain;
const FAULTED_PATH = '^/api/v1/indicators/domain/';
const KEPT = [O.ip, O.sha1];
const KEPT_SIGHTINGS = KEPT.reduce((n, o) => n + expectationFor(o).matches.length, 0);
const MAX_BYTES = 64 * 1024;

const oops = (reason: string | RegExp) => ({
  code: 'oops',
  message:
    typeof reason === 'string'
      ? `Something went wrong. Reason: ${reason}.`
      : expect.stringMatching(reason),
  type: 'fatal',
});
const INVALID = (detail: string) => oops(`AlienVault OTX sent an invalid response (${detail})`);

describeWithOwnConfig('a misbehaving OTX (no retries, no cache)', () => {
  const ctx = {} as {
    sim: RunningServer;
    relay: RunningServer;
    front: Front;
    elsewhere: Awaited<ReturnType<typeof startElsewhere>>;
  };
  const sim = simControl(() => ctx.sim.url);
  beforeAll(async () => {
    ctx.sim = await startSim();
    ctx.front = await startFront(ctx.sim.url);
    ctx.elsewhere = await startElsewhere();
    ctx.relay = await startRelay(
      relayEnvFor(ctx.sim, {
        OTX_BASE_URL: ctx.front.url,
        OTX_RETRIES: '0',
        CACHE_MAX_ENTRIES: '0',
        OTX_MAX_RESPONSE_BYTES: String(MAX_BYTES),
      }),
    );
  });
  afterAll(async () => {
    await ctx.relay?.close();
    await ctx.sim?.close();
    await close(ctx.front?.server);
    await close(ctx.elsewhere?.server);
  });
  afterEach(async () => {
    ctx.front.rules = [];
    await sim.faults([]);
  });

  /** Observes the faulted observable between two healthy ones; checks what must always hold. */
  const observe = async () => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const started = Date.now();
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body: [KEPT[0], FAULTED, KEPT[1]],
      headers: bearer(token),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
    const body = res.body;
    expect(validateCtimBundle(body.data)).toEqual({ valid: true, errors: [] });
    const kept = body.data.sightings.docs.filter((s: any) =>
      KEPT.some((o) => o.value === s.observables[0].value),
    );
    expect(kept).toHaveLength(KEPT_SIGHTINGS);
    return body;
  };
  const fault = (rule: Record<string, unknown>) => sim.faults([{ path: FAULTED_PATH, ...rule }]);

  it.each([
    [400, undefined],
    [404, undefined],
    [403, 'authorization error'],
    [429, '429 Too Many Requests'],
    [500, '500 Internal Server Error'],
    [502, '502 Bad Gateway'],
    [503, '503 Service Unavailable'],
    [504, '504 Gateway Timeout'],
    [418, "418 I'm a Teapot"],
    [520, '520'],
  ])('answers %i with the right error and keeps the others', async (status, reason) => {
    await fault({ status, body: '{"detail": "x"}' });
    const body = await observe();
    if (reason === undefined) expect(body.errors).toBeUndefined();
    else if (reason === 'authorization error') {
      expect(body.errors).toEqual([
        {
          code: 'authorization error',
          message: 'Authorization failed: Authorization failed on AlienVault OTX side',
          type: 'fatal',
        },
      ]);
    } else expect(body.errors).toEqual([oops(reason)]);
  });

  it('answers a 429 with Retry-After like one without when no retry is allowed', async () => {
    ctx.front.rules.push({
      path: new RegExp(FAULTED_PATH),
      answer: (_req, res) =>
        res
          .writeHead(429, { 'retry-after': '120', 'content-type': 'application/json' })
          .end('{"detail": "Over throttling limit"}'),
    });
    expect((await observe()).errors).toEqual([oops('429 Too Many Requests')]);
  });

  it('answers an HTML error page with its status', async () => {
    await fault({
      status: 503,
      body: '<!DOCTYPE html><html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
      contentType: 'text/html',
    });
    expect((await observe()).errors).toEqual([oops('503 Service Unavailable')]);
  });

  it('answers a 200 HTML page as an invalid response', async () => {
    await fault({
      status: 200,
      body: '<html><body>Maintenance</body></html>',
      contentType: 'text/html',
    });
    expect((await observe()).errors).toEqual([INVALID('response is not JSON')]);
  });

  it.each([
    ['malformed JSON', '{"base_indicator": {"type": "domain"}, "pulse_info": {"pulses": [,]}}'],
    ['truncated JSON', '{"base_indicator": {"type": "domain"}, "pulse_info": {"pul'],
  ])('answers %s as an invalid response', async (_name, text) => {
    await fault({ status: 200, body: text, contentType: 'application/json' });
    expect((await observe()).errors).toEqual([INVALID('response is not JSON')]);
  });

  it('answers JSON that is not an object as an invalid response', async () => {
    await fault({ status: 200, body: '[{"base_indicator": {}}]' });
    expect((await observe()).errors).toEqual([INVALID('response is not a JSON object')]);
  });

  it('answers truncated JSON sent in chunks and ended cleanly as an invalid response', async () => {
    ctx.front.rules.push({
      path: new RegExp(FAULTED_PATH),
      answer: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"base_indicator": {"type": "domain"}, ');
        res.end('"pulse_info": {"count": 1, "pulses": [{"id": "a');
      },
    });
    expect((await observe()).errors).toEqual([INVALID('response is not JSON')]);
  });

  it('answers a connection reset mid-body as unreachable', async () => {
    ctx.front.rules.push({
      path: new RegExp(FAULTED_PATH),
      answer: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        res.write('{"base_indicator": {"type": "domain"}, "pulse_info": {"count": 1, "pul');
        setTimeout(() => res.socket?.resetAndDestroy(), 20);
      },
    });
    expect((await observe()).errors).toEqual([
      oops(/^Something went wrong\. Reason: AlienVault OTX could not be reached \(.*\)\.$/),
    ]);
  });

  it('answers a connection reset before any answer as unreachable', async () => {
    await fault({ reset: true });
    expect((await observe()).errors).toEqual([
      oops('AlienVault OTX could not be reached (connection reset (ECONNRESET))'),
    ]);
  });

  it('answers a response that never comes as a timeout', async () => {
    await fault({ hang: true });
    expect((await observe()).errors).toEqual([
      oops('AlienVault OTX timed out (no answer within 500 ms)'),
    ]);
  });

  it('answers a body over OTX_MAX_RESPONSE_BYTES as an invalid response', async () => {
    const pad = 'x'.repeat(MAX_BYTES);
    await fault({ status: 200, body: `{"pad": "${pad}", "base_indicator": {}}` });
    expect((await observe()).errors).toEqual([INVALID(`response larger than ${MAX_BYTES} bytes`)]);
  });

  it('answers a body over OTX_MAX_RESPONSE_BYTES streamed without a length', async () => {
    ctx.front.rules.push({
      path: new RegExp(FAULTED_PATH),
      answer: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"pad": "');
        const chunk = 'x'.repeat(16 * 1024);
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed || sent++ > 64) {
            clearInterval(timer);
            res.end('"}');
          } else res.write(chunk);
        }, 1);
      },
    });
    expect((await observe()).errors).toEqual([INVALID(`response larger than ${MAX_BYTES} bytes`)]);
  });

  it.each([301, 302, 303, 307, 308])(
    'never follows a %i to another host: the key does not leave',
    async (status) => {
      ctx.front.keysSeen.length = 0;
      ctx.front.rules.push({
        path: new RegExp(FAULTED_PATH),
        answer: (req, res) =>
          res.writeHead(status, { location: `${ctx.elsewhere.url}${req.url}` }).end(),
      });
      const body = await observe();
      expect(body.errors).toEqual([
        {
          code: 'oops',
          message: expect.stringMatching(`^Something went wrong\\. Reason: ${status} `),
          type: 'fatal',
        },
      ]);
      expect(ctx.elsewhere.connections).toBe(0);
      expect(new Set(ctx.front.keysSeen)).toEqual(new Set([SIM_API_KEY]));
    },
  );

  describe('answers of the wrong shape', () => {
    const general = async () =>
      (
        await request(
          `${ctx.sim.url}/api/v1/indicators/domain/${encodeURIComponent(FAULTED.value)}/general`,
          { method: 'GET', headers: { 'x-otx-api-key': SIM_API_KEY } },
        )
      ).body;

    it.each([
      ['base_indicator: {}', (g: any) => ({ ...g, base_indicator: {} })],
      ['no base_indicator', (g: any) => ({ ...g, base_indicator: undefined })],
      ['no pulse_info', (g: any) => ({ ...g, pulse_info: undefined })],
      ['pulse_info: null', (g: any) => ({ ...g, pulse_info: null })],
      ['pulses that are not a list', (g: any) => ({ ...g, pulse_info: { count: 1, pulses: 'x' } })],
      [
        'pulses that are not objects',
        (g: any) => ({ ...g, pulse_info: { count: 4, pulses: [null, 1, 'x', []] } }),
      ],
      [
        'pulses with no id',
        (g: any) => ({
          ...g,
          pulse_info: {
            ...g.pulse_info,
            pulses: g.pulse_info.pulses.map(({ id: _, ...p }: any) => p),
          },
        }),
      ],
    ])('answers %s with nothing for it and keeps the others', async (_name, reshape) => {
      const shaped = reshape(await general());
      await fault({ status: 200, body: JSON.stringify(shaped) });
      const body = await observe();
      expect(body.errors).toBeUndefined();
      expect(body.data.sightings.count).toBe(KEPT_SIGHTINGS);
    });

    it.each([
      ['no author', (p: any) => ({ ...p, author: undefined })],
      ['author: null', (p: any) => ({ ...p, author: null })],
      ['an author with no username', (p: any) => ({ ...p, author: { id: 1 } })],
      [
        'odd TLP, tags and a 10 KB name',
        (p: any) => ({ ...p, TLP: 'Ultra', tags: [1, null], name: 'n'.repeat(10_000) }),
      ],
    ])('still emits valid entities for pulses with %s', async (_name, reshapePulse) => {
      const g = await general();
      const shaped = {
        ...g,
        pulse_info: { ...g.pulse_info, pulses: g.pulse_info.pulses.map(reshapePulse) },
      };
      await fault({ status: 200, body: JSON.stringify(shaped) });
      const body = await observe();
      expect(body.errors).toBeUndefined();
      expect(body.data.sightings.count).toBe(
        KEPT_SIGHTINGS + expectationFor(FAULTED).matches.length,
      );
    });
  });
});

describeWithOwnConfig('a misbehaving OTX when retries are allowed', () => {
  const ctx = {} as { sim: RunningServer; relay: RunningServer; front: Front };
  beforeAll(async () => {
    ctx.sim = await startSim();
    ctx.front = await startFront(ctx.sim.url);
    ctx.relay = await startRelay(
      relayEnvFor(ctx.sim, {
        OTX_BASE_URL: ctx.front.url,
        OTX_RETRIES: '1',
        CACHE_MAX_ENTRIES: '0',
      }),
    );
  });
  afterAll(async () => {
    await ctx.relay?.close();
    await ctx.sim?.close();
    await close(ctx.front?.server);
  });

  it('honours a 429 Retry-After, then returns the data', async () => {
    let calls = 0;
    ctx.front.rules = [
      {
        path: new RegExp(FAULTED_PATH),
        answer: (req, res) => {
          if (calls++ > 0) {
            ctx.front.rules = [];
            return ctx.front.server.emit('request', req, res);
          }
          res.writeHead(429, { 'retry-after': '1' }).end('{"detail": "slow down"}');
        },
      },
    ];
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const started = Date.now();
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body: [FAULTED],
      headers: bearer(token),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(calls).toBe(2);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.sightings.count).toBe(expectationFor(FAULTED).matches.length);
  });

  it('does not wait for a Retry-After it cannot honour, and says 429', async () => {
    ctx.front.rules = [
      {
        path: new RegExp(FAULTED_PATH),
        answer: (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end('{}'),
      },
    ];
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const started = Date.now();
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body: [FAULTED],
      headers: bearer(token),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.body).toEqual({ errors: [oops('429 Too Many Requests')] });
  });
});
