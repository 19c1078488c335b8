import { PassThrough } from 'node:stream';
import { stdTimeFunctions } from 'pino';
import { createRelayPino, isoTimeOncePerMs } from './pino-options';
import { runWithRequestFacts } from './request-context';
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

  it('adds the request id to lines logged while a request is handled, first', () => {
    const lines = linesOf((logger) =>
      runWithRequestFacts({} as IncomingMessage, { requestId: 'r-7', route: '/x' }, () =>
        logger.info({ otxCalls: 2 }, 'inside'),
      ),
    );
    expect(lines).toEqual([expect.objectContaining({ requestId: 'r-7', otxCalls: 2 })]);
    expect(Object.keys(lines[0]).filter((k) => k === 'requestId' || k === 'otxCalls')).toEqual([
      'requestId',
      'otxCalls',
    ]);
  });

  it('keeps the request id a line names itself', () => {
    const lines = linesOf((logger) =>
      runWithRequestFacts({} as IncomingMessage, { requestId: 'r-8', route: '/x' }, () =>
        logger.info({ requestId: 'own', status: 200 }, 'request completed'),
      ),
    );
    expect(lines).toEqual([expect.objectContaining({ requestId: 'own', status: 200 })]);
  });
});
