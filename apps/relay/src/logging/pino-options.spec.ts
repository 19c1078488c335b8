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
  requestLine,
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
