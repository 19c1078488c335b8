import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino, { stdTimeFunctions } from 'pino';
import {
  createRelayPino,
  isoTimeOncePerMs,
  LOG_BLOCK_CHARS,
  relayLogDestination,
  numberText,
  quoted,
  requestLine,
  RequestLine,
  requestLineWriter,
} from './pino-options';
import { openRequestFacts } from './request-context';
import type { IncomingMessage } from 'node:http';

describe(isoTimeOncePerMs.name, () => {
  afterEach(() => jest.useRealTimers());

  it.each(['2026-01-02T03:04:05.006Z', '1999-12-31T23:59:59.999Z', '2030-06-15T12:00:00.000Z'])(
    'writes what pino isoTime writes at %s',
    (iso) => {
      jest.useFakeTimers({ now: new Date(iso) });
      expect(isoTimeOncePerMs()).toBe(stdTimeFunctions.isoTime());
      expect(isoTimeOncePerMs()).toBe(`,"time":"${iso}"`);
    },
  );

  it('follows the clock from one millisecond to the next', () => {
    jest.useFakeTimers({ now: new Date('2026-01-02T03:04:05.006Z') });
    isoTimeOncePerMs();
    jest.advanceTimersByTime(1);
    expect(isoTimeOncePerMs()).toBe(',"time":"2026-01-02T03:04:05.007Z"');
  });
});

describe(createRelayPino.name, () => {
  function linesOf(write: (logger: ReturnType<typeof createRelayPino>) => void) {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    write(createRelayPino('info', stream));
    return out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it('adds no request id to a line that names none (no mixin: contract §13.1)', () => {
    const lines = linesOf((logger) => logger.info({ otxCalls: 2 }, 'inside'));
    expect(lines).toEqual([expect.objectContaining({ otxCalls: 2, msg: 'inside' })]);
    expect(lines[0]).not.toHaveProperty('requestId');
  });

  it('writes the request id a line names, once', () => {
    const out = JSON.stringify(
      linesOf((logger) => logger.info({ requestId: 'own', status: 200 }, 'request completed')),
    );
    expect(out.match(/requestId/g)).toHaveLength(1);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ requestId: 'own', status: 200 })]);
  });
});

describe(requestLine.name, () => {
  it('counts the calls its tracked sessions made by the time it is written', () => {
    const facts = openRequestFacts({} as IncomingMessage, 'r-7', '/observe/observables');
    const first = { callCount: 1 };
    const second = { callCount: 0 };
    facts.track(first);
    facts.track(second);
    first.callCount = 3;
    second.callCount = 2;
    facts.envelopeOutcome = 'partial';
    expect(requestLine(facts, 'POST', 200, 12.34)).toEqual({
      requestId: 'r-7',
      method: 'POST',
      route: '/observe/observables',
      status: 200,
      outcome: 'partial',
      latencyMs: 12.3,
      otxCalls: 5,
    });
  });

  it('counts none for a request that tracked no session', () => {
    const facts = openRequestFacts({} as IncomingMessage, 'r-8', '/refer/observables');
    expect(requestLine(facts, 'POST', 200, 1).otxCalls).toBe(0);
  });
});

describe(requestLineWriter.name, () => {
  afterEach(() => jest.useRealTimers());

  const line: RequestLine = {
    requestId: 'r-9',
    method: 'POST',
    route: '/refer/observables',
    status: 200,
    outcome: 'ok',
    latencyMs: 0.4,
    otxCalls: 0,
  };

  /** What `write` sent to a relay logger's stream, as text. */
  function textOf(write: (logger: ReturnType<typeof createRelayPino>) => void): string {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    write(createRelayPino('info', stream));
    return out;
  }

  it.each<[string, RequestLine, boolean]>([
    ['an answer', line, false],
    ['a failure', { ...line, status: 503, outcome: 'oops', latencyMs: 1234.5 }, true],
    ['no method', { ...line, method: undefined }, false],
    ['odd text', { ...line, outcome: 'a "quoted" \\ é\u0001 one', route: 'unmatched' }, false],
    ['numbers pino writes as null', { ...line, latencyMs: NaN, otxCalls: Infinity }, false],
  ])('writes %s byte for byte as pino does', (_, given, failed) => {
    jest.useFakeTimers({ now: new Date('2026-01-02T03:04:05.006Z') });
    const ours = textOf((logger) => requestLineWriter(logger)(given, failed));
    const pinos = textOf((logger) => {
      const plain = logger.child({}, { redact: [] });
      if (failed) plain.error(given, 'request failed');
      else plain.info(given, 'request completed');
    });
    expect(ours).toBe(pinos);
    expect(JSON.parse(ours)).toMatchObject({
      level: failed ? 'error' : 'info',
      msg: failed ? 'request failed' : 'request completed',
      requestId: 'r-9',
    });
  });

  it("takes pino's own path for a stream that wants pino's metadata", () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const logger = createRelayPino('info', pino.multistream([{ stream, level: 'info' }]));
    requestLineWriter(logger)(line, true);
    expect(JSON.parse(out)).toMatchObject({ level: 'error', msg: 'request failed', status: 200 });
  });
});

describe(numberText.name, () => {
  it('writes String(n) for every latency a line holds, whole tenths first', () => {
    const tenths = Array.from({ length: 200_001 }, (_, i) => Math.round(i * 10) / 100);
    const large = [99_999_999.9, 100_000_000, 123_456_789.1, 2 ** 53, 1e21, 1.5e300];
    const odd = [0, -0, -1, -0.1, 0.05, 0.43, 1 / 3, 12.345, Number.MIN_VALUE, Number.EPSILON];
    let state = 7;
    const random = Array.from({ length: 20_000 }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return Math.round((state / 2 ** 31) * 10 ** ((state % 9) + 1)) / 10;
    });
    for (const n of [...tenths, ...large, ...odd, ...random]) {
      if (numberText(n) !== String(n)) expect([n, numberText(n)]).toEqual([n, String(n)]);
    }
    expect(numberText(2024.5)).toBe('2024.5');
    expect(numberText(200)).toBe('200');
  });

  it('writes null for what is not finite, as pino does', () => {
    expect([NaN, Infinity, -Infinity].map(numberText)).toEqual(['null', 'null', 'null']);
  });
});

describe(quoted.name, () => {
  it('writes what JSON.stringify writes', () => {
    const samples = ['', 'ok', 'a"b', 'a\\b', 'tab\there', '\u0000', '\u007f', 'é', '😀', '/refer'];
    for (let c = 0; c < 0x3000; c += 7) samples.push(`x${String.fromCharCode(c)}y`);
    for (const text of samples) expect(quoted(text)).toBe(JSON.stringify(text));
  });
});

describe(relayLogDestination.name, () => {
  let dir: string;
  let path: string;
  let destination: ReturnType<typeof relayLogDestination>;
  const written = () => readFileSync(path, 'utf8');
  const settle = async (ms: number, done: () => boolean) => {
    const start = Date.now();
    while (!done() && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 5));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relay-log-'));
    path = join(dir, 'out.log');
    destination = relayLogDestination(openSync(path, 'w'));
  });
  afterEach(() => {
    destination.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a line logged when idle without waiting for more lines', async () => {
    pino({}, destination).info('one line');
    expect(written()).toBe('');
    await settle(5000, () => written() !== '');
    expect(written()).toContain('"msg":"one line"');
  });

  it('writes a full block at once, lines whole and in order', async () => {
    const logger = pino({}, destination);
    const count = Math.ceil(LOG_BLOCK_CHARS / 100) * 3;
    for (let i = 0; i < count; i++) logger.info(`line ${i} ${'x'.repeat(80)}`);
    await settle(5000, () => written().split('\n').length > count);
    const lines = written().trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg.split(' ')[1])).toEqual(
      Array.from({ length: count }, (_, i) => String(i)),
    );
  });

  it('writes everything before returning when flushed synchronously, as at exit', () => {
    pino({}, destination).info('last words');
    destination.flushSync();
    expect(written()).toContain('"msg":"last words"');
  });
});
