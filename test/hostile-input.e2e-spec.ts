import { CTIM_OBSERVABLE_TYPES } from '@app/ctim';
import {
  createServer,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, request } from './helpers/http';
import {
  EXTERNAL,
  describeWithOwnConfig,
  relayEnvFor,
  RunningServer,
  startRelay,
  startSim,
  useSimAndRelay,
} from './helpers/servers';
import { simToken, trClaims } from './helpers/tokens';
import { INVALID_INPUT, invalid } from './helpers/envelopes';

const NO_HEADER = {
  errors: [
    {
      code: 'authorization error',
      message: 'Authorization failed: Authorization header is missing',
      type: 'fatal',
    },
  ],
};

/** Every answer of the relay to hostile input: HTTP 200, JSON, the envelope, no stack trace. */
function expectEnvelope(res: { status: number; text: string; body: any }): void {
  expect(res.status).toBe(200);
  expect(res.body).toEqual(expect.any(Object));
  expect(Object.keys(res.body).every((k) => k === 'data' || k === 'errors')).toBe(true);
  expect(res.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
}

describe('hostile request bodies over HTTP (checked before the token)', () => {
  const ctx = useSimAndRelay();
  const observe = (body: unknown, headers: Record<string, string> = {}) =>
    request(`${ctx.relay.url}/observe/observables`, { body, headers });
  const json = { 'content-type': 'application/json' };

  it.each([
    ['truncated JSON', '[{"type": "ip", "value": "198.51.100.1"}'],
    ['a trailing comma', '[{"type": "ip", "value": "198.51.100.1"},]'],
    ['NaN', 'NaN'],
    ['a lone byte-order mark', '\ufeff'],
    ['true', 'true'],
    ['only whitespace', ' \r\n\t '],
    ['10,000 nested objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('answers %s with the _schema error', async (_name, body) => {
    const res = await observe(body, json);
    expectEnvelope(res);
    expect(res.body).toEqual(INVALID_INPUT);
  });

  it.each([
    ['10,000 nested arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['500,000 nested arrays (1 MB)', '['.repeat(500_000) + ']'.repeat(500_000)],
  ])('answers %s as an item of the wrong type', async (_name, body) => {
    const res = await observe(body, json);
    expectEnvelope(res);
    expect(res.body).toEqual(invalid('{"0": {"_schema": ["Invalid input type."]}}'));
  });

  it('answers an item of 10,000 nested objects field by field', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await observe(`[${deep}]`, json);
    expectEnvelope(res);
    expect(res.body).toEqual(
      invalid(
        '{"0": {"type": ["Missing data for required field."], ' +
          '"value": ["Missing data for required field."], "a": ["Unknown field."]}}',
      ),
    );
  });

  it('answers a value nested 10,000 deep as not a string', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const res = await observe(`[{"type": "ip", "value": ${deep}}]`, json);
    expectEnvelope(res);
    expect(res.body).toEqual(invalid('{"0": {"value": ["Not a valid string."]}}'));
  });

  it.each([
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
    ['application/octet-stream', 'application/octet-stream'],
    ['a malformed content type', ';;;=/'],
    ['JSON with an odd charset', 'application/json; charset=latin1'],
  ])('parses a valid list sent as %s and then asks for the token', async (_name, type) => {
    const res = await observe('[{"type": "ip", "value": "198.51.100.1"}]', {
      'content-type': type,
    });
    expectEnvelope(res);
    expect(res.body).toEqual(NO_HEADER);
  });

  it('refuses a body over the default BODY_LIMIT_BYTES (1 MiB) in the envelope', async () => {
    const res = await observe(`[{"type": "ip", "value": "${'x'.repeat(1_100_000)}"}]`, json);
    expectEnvelope(res);
    expect(res.body).toEqual(
      invalid('{"_schema": ["Request body is larger than 1048576 bytes."]}'),
    );
  });

  it('refuses a chunked body with no Content-Length once it passes the limit', async () => {
    // A client that reads the early answer while still uploading (node:http does; fetch drops
    // the answer when the relay closes the upload, which over a real network it may).
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${ctx.relay.url}/observe/observables`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Over a real network (the container run) the reset of the refused upload can overtake
        // the answer; on loopback the answer must always arrive.
        if (EXTERNAL && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          resolve({ status: 0, body: '' });
        } else if (!answered) reject(error);
      });
      const chunk = 'x'.repeat(64 * 1024);
      req.write('[{"type": "ip", "value": "');
      let sent = 0;
      const pump = (): void => {
        while (!answered && sent < 20) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end('"}]');
      };
      pump();
    });
    if (EXTERNAL && answer.status === 0) return;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(
      invalid('{"_schema": ["Request body is larger than 1048576 bytes."]}'),
    );
  });

  it('refuses more observables than the default MAX_OBSERVABLES (1000)', async () => {
    const body = Array.from({ length: 1001 }, () => ({ type: 'ip', value: '198.51.100.1' }));
    const res = await observe(body);
    expectEnvelope(res);
    expect(res.body).toEqual(
      invalid('{"_schema": ["Too many observables: 1001 sent, at most 1000 accepted."]}'),
    );
  });

  it('names __proto__, constructor and prototype keys as unknown fields', async () => {
    const body =
      '[{"type": "ip", "value": "a", "__proto__": {"polluted": "yes"}},' +
      ' {"type": "ip", "value": "a", "constructor": {"prototype": {"polluted": "yes"}}},' +
      ' {"type": "ip", "value": "a", "prototype": {"polluted": "yes"}},' +
      ' {"__proto__": {"type": "ip", "value": "a"}}]';
    const res = await observe(body, json);
    expectEnvelope(res);
    expect(res.body).toEqual(
      invalid(
        '{"0": {"__proto__": ["Unknown field."]}, "1": {"constructor": ["Unknown field."]}, ' +
          '"2": {"prototype": ["Unknown field."]}, ' +
          '"3": {"type": ["Missing data for required field."], ' +
          '"value": ["Missing data for required field."], "__proto__": ["Unknown field."]}}',
      ),
    );
  });

  it('answers a top-level object with a __proto__ key with the _schema error', async () => {
    const res = await observe('{"__proto__": [{"type": "ip", "value": "a"}], "length": 1}', json);
    expect(res.body).toEqual(INVALID_INPUT);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'IP', 'ipv4', 'hash'])(
    'refuses the type %s, which is not a CTIM type',
    async (type) => {
      const res = await observe([{ type, value: 'a' }]);
      expectEnvelope(res);
      expect(res.body).toEqual(invalid('{"0": {"type": ["Not a valid CTIM observable type."]}}'));
    },
  );

  it.each([
    ['null', null, 'Field may not be null.'],
    ['true', true, 'Not a valid string.'],
    ['a float', 1.5, 'Not a valid string.'],
    ['a list', ['198.51.100.1'], 'Not a valid string.'],
    ['an object', { value: '198.51.100.1' }, 'Not a valid string.'],
    ['blank whitespace', ' \t\r\n ', 'Field may not be blank.'],
  ])('refuses a value that is %s', async (_name, value, message) => {
    const res = await observe([{ type: 'ip', value }]);
    expectEnvelope(res);
    expect(res.body).toEqual(invalid(`{"0": {"value": ["${message}"]}}`));
  });
});

describeWithOwnConfig('hostile input leaves no trace in the relay process', () => {
  const ctx = useSimAndRelay();

  it('does not pollute Object.prototype, and the relay keeps answering', async () => {
    const bodies = [
      '[{"type": "ip", "value": "a", "__proto__": {"polluted": "yes"}}]',
      '[{"type": "ip", "value": "a", "constructor": {"prototype": {"polluted": "yes"}}}]',
      '{"__proto__": {"polluted": "yes"}}',
      '[{"__proto__": {"polluted": "yes"}, "type": "__proto__", "value": "polluted"}]',
    ];
    for (const body of bodies) {
      await request(`${ctx.relay.url}/refer/observables`, {
        body,
        headers: { 'content-type': 'application/json' },
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const res = await request(`${ctx.relay.url}/refer/observables`, {
      body: [{ type: 'ip', value: '198.51.100.1' }],
    });
    expect(res.body).toEqual({
      data: [expect.objectContaining({ id: 'ref-avotx-search-ip-198.51.100.1' })],
    });
  });
});

interface FakeOtx {
  url: string;
  paths: string[];
  server: Server;
}

/** An OTX stand-in that records each raw request path and knows nothing. */
async function startFakeOtx(): Promise<FakeOtx> {
  const paths: string[] = [];
  const server = createServer(
    { maxHeaderSize: 4 * 1024 * 1024 },
    (req: IncomingMessage, res: ServerResponse) => {
      paths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end('{"base_indicator": {}, "pulse_info": {"count": 0, "pulses": []}}');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, paths, server };
}

describeWithOwnConfig('observable values stay inside one OTX path segment', () => {
  const ctx = {} as { sim: RunningServer; relay: RunningServer; otx: FakeOtx };
  beforeAll(async () => {
    ctx.sim = await startSim();
    ctx.otx = await startFakeOtx();
    ctx.relay = await startRelay(
      relayEnvFor(ctx.sim, { OTX_BASE_URL: ctx.otx.url, CACHE_MAX_ENTRIES: '0' }),
    );
  });
  afterAll(async () => {
    await ctx.relay?.close();
    await ctx.sim?.close();
    await new Promise((resolve) => ctx.otx?.server.close(resolve));
  });
  const observe = async (body: unknown, headers: Record<string, string> = {}) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    return request(`${ctx.relay.url}/observe/observables`, {
      body,
      headers: { ...bearer(token), ...headers },
    });
  };
  const SECTION = { ip: 'IPv4', domain: 'domain', url: 'url', sha256: 'file' } as const;

  // [name, type, value]: OTX is asked about the value as sent, or trimmed and lower-cased
  // for an IP, a domain or a hash (the relay's canonical form)
  it.each([
    ['a parent path', 'domain', '../../user/me'],
    ['a parent path in a URL', 'url', 'http://a.example/../../../api/v1/user/me'],
    ['a query', 'ip', '198.51.100.1?limit=1&x=/'],
    ['a fragment', 'domain', 'a.example#/../../user/me'],
    ['an encoded slash', 'url', 'http://a.example/a%2Fb%2F..%2F..'],
    ['an encoded dot segment', 'domain', '%2e%2e'],
    ['whitespace', 'url', ' a example\t.\vcom '],
    ['CRLF and a header', 'url', 'a.example\r\nX-Injected: yes\r\n\r\nGET / HTTP/1.1'],
    ['NUL and control characters', 'sha256', 'a\u0000b\u0001\u001b[31m\u007f'],
    ['non-ASCII', 'url', 'évil.例え.テスト\u202e'],
    ['backslashes', 'url', '\\\\evil.test\\api\\v1'],
    ['a 100 KB value', 'domain', 'a'.repeat(100 * 1024)],
  ] as const)('keeps %s in one segment of one request', async (_name, type, value) => {
    ctx.otx.paths.length = 0;
    const res = await observe([{ type, value }]);
    expectEnvelope(res);
    expect(res.body).toEqual({ data: {} });
    expect(ctx.otx.paths).toHaveLength(1);
    const match = /^\/api\/v1\/indicators\/([^/]+)\/([^/?#\s]+)\/general$/.exec(ctx.otx.paths[0]);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(SECTION[type]);
    const asked = type === 'url' ? value : value.trim().toLowerCase();
    expect(decodeURIComponent(match![2])).toBe(asked);
  });

  it('encodes a lone surrogate without failing, in one segment', async () => {
    ctx.otx.paths.length = 0;
    const res = await observe('[{"type": "url", "value": "a\\ud800b"}]', {
      'content-type': 'application/json',
    });
    expectEnvelope(res);
    expect(res.body).toEqual({ data: {} });
    expect(ctx.otx.paths).toHaveLength(1);
    expect(ctx.otx.paths[0]).toMatch(/^\/api\/v1\/indicators\/url\/[^/?#\s]+\/general$/);
  });

  it.each(['.', '..'])('does not let the value %s climb out of its segment', async (value) => {
    ctx.otx.paths.length = 0;
    const res = await observe([{ type: 'domain', value }]);
    expectEnvelope(res);
    expect(res.body).toEqual({ data: {} });
    for (const path of ctx.otx.paths) {
      expect(path).toMatch(/^\/api\/v1\/indicators\/domain\/[^/?#]+\/general$/);
    }
  });

  it('refuses a body that is not UTF-8 (raw invalid bytes) without asking OTX', async () => {
    ctx.otx.paths.length = 0;
    const body = Buffer.concat([
      Buffer.from('[{"type": "domain", "value": "a'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('.example"}]'),
    ]);
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body: new Uint8Array(body),
      headers: { ...bearer(token), 'content-type': 'application/json' },
    });
    expectEnvelope(res);
    expect(res.body).toEqual(INVALID_INPUT);
    expect(ctx.otx.paths).toHaveLength(0);
  });

  it('reads a body that starts with a UTF-8 byte order mark, as Python json.loads does', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('[{"type": "domain", "value": "bom.example"}]'),
    ]);
    const res = await request(`${ctx.relay.url}/refer/observables`, {
      body: new Uint8Array(body),
      headers: { 'content-type': 'application/json' },
    });
    expectEnvelope(res);
    expect(res.body.data).toEqual([
      expect.objectContaining({ id: 'ref-avotx-search-domain-bom.example' }),
    ]);
  });

  it('accepts all 63 CTIM types and asks OTX only about the 8 it knows', async () => {
    expect(CTIM_OBSERVABLE_TYPES).toHaveLength(63);
    ctx.otx.paths.length = 0;
    const res = await observe(CTIM_OBSERVABLE_TYPES.map((type) => ({ type, value: 'x1' })));
    expectEnvelope(res);
    expect(res.body).toEqual({ data: {} });
    expect(ctx.otx.paths.map((p) => p.split('/')[4]).sort()).toEqual(
      ['IPv4', 'IPv6', 'domain', 'file', 'file', 'file', 'hostname', 'url'].sort(),
    );
  });

  it('takes all 63 CTIM types at /refer without a token and refers the 9 OTX has pages for', async () => {
    const res = await request(`${ctx.relay.url}/refer/observables`, {
      body: CTIM_OBSERVABLE_TYPES.map((type) => ({ type, value: 'x1' })),
    });
    expectEnvelope(res);
    const referred = ['domain', 'email', 'hostname', 'ip', 'ipv6', 'md5', 'sha1', 'sha256', 'url'];
    expect(res.body.data.map((r: { id: string }) => r.id).sort()).toEqual(
      referred.map((type) => `ref-avotx-search-${type}-x1`),
    );
  });
});
