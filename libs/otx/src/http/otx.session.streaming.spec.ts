import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { OtxClient } from '../otx.client';
import { OtxObserver } from '../otx-observer';
import { OtxModuleOptions } from '../otx.types';
import { FakeOtxServer, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { findOne, pulsePages, pulseRow } from '../testing/pulse-pages';

/**
 * How the transport reads a pulse-indicators page as it streams in (readBody): a body that
 * stalls, hits the deadline, is cut, runs over the size cap, or is left early. The server writes
 * the page in parts on its own schedule; the client never sees it whole.
 */

const VALUE = '203.0.113.77';
const OTHER = '198.51.100.9';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const HEAD = '{"count": 99, "previous": null, "next": null, "results": [';
const TAIL = ']}';

/** `n` records of values never looked for, as JSON, each preceded by a comma. */
const fillerRows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return `,${JSON.stringify(pulseRow(`10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`))}`;
  }).join('');
/** A whole page of `records` (JSON texts) with `next: null`. */
const pageOf = (...records: string[]) => `${HEAD}${records.join(',')}${TAIL}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `socket` closes within `ms`: what the server sees of the client giving it up. */
function closesWithin(socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Writes `part` unless the client already went away (a write then would only error). */
function write(res: ServerResponse, part: string): boolean {
  if (res.destroyed || res.writableEnded) return false;
  res.write(part);
  return true;
}

/** Answers 200 and writes the page's head, then `gaps` parts of records `gapMs` apart. */
async function streamSlowly(res: ServerResponse, gaps: number, gapMs: number): Promise<void> {
  res.writeHead(200, JSON_TYPE);
  write(res, HEAD + JSON.stringify(pulseRow('10.9.9.1')));
  for (let i = 0; i < gaps; i++) {
    await sleep(gapMs);
    write(res, fillerRows(5, i * 5));
  }
}

describe('OtxSession reading a streamed pulse page', () => {
  let otx: FakeOtxServer;
  const clients: OtxClient[] = [];
  const bytesRead: number[] = [];
  const observer: OtxObserver = { onBytes: (e) => bytesRead.push(e.bytes) };
  /** The socket of each request the server got, in order. */
  let sockets: Socket[];

  useFakeOtxServer((server) => (otx = server));

  /** A client with no retries (one request per failure), closed after the test. */
  const client = (overrides: Partial<OtxModuleOptions> = {}) => {
    const c = testClient(otx.baseUrl, { retries: 0, observer, ...overrides });
    clients.push(c);
    return c;
  };

  /** Serves the first request with `first`, every later one as a one-page pulse holding OTHER. */
  const serveFirst = (first: (req: IncomingMessage, res: ServerResponse) => void) => {
    const later = pulsePages([[pulseRow(OTHER)]]);
    otx.handler = (req, res) => {
      sockets.push(req.socket);
      res.on('error', () => undefined);
      if (sockets.length === 1) first(req, res);
      else later(req, res);
    };
  };

  beforeEach(() => {
    sockets = [];
    bytesRead.length = 0;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('reads a page whose chunks come slower than timeoutMs in all, each gap shorter', async () => {
    // 5 gaps of 60 ms (300 ms in all) under a 200 ms idle timeout: the timer restarts per chunk.
    serveFirst((_req, res) => {
      void streamSlowly(res, 5, 60).then(() => {
        if (write(res, `,${JSON.stringify(pulseRow(VALUE, 'late'))}`)) res.end(TAIL);
      });
    });
    const started = Date.now();

    const result = await findOne(client({ timeoutMs: 200 }).session('k'), 'p1', VALUE);

    expect(result).toMatchObject({ match: { indicator: VALUE, created: 'late' }, complete: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('fails a page that stalls mid-body as TIMEOUT, timeoutMs after its last chunk, and closes its connection', async () => {
    const timeoutMs = 200;
    let lastWriteAt = 0;
    serveFirst((_req, res) => {
      // 240 ms of chunks 80 ms apart, then nothing: the stall starts at the last one.
      void streamSlowly(res, 3, 80).then(() => (lastWriteAt = Date.now()));
    });
    const session = client({ timeoutMs }).session('k');

    const error = await findOne(session, 'p1', VALUE).catch((e: unknown) => e);
    const failedAt = Date.now();

    expect(error).toMatchObject({
      name: 'OtxException',
      code: 'TIMEOUT',
      endpoint: 'pulse-indicators',
      detail: `no answer within ${timeoutMs} ms`,
    });
    expect(lastWriteAt).toBeGreaterThan(0);
    // Timed from the last chunk (not from the start of the body), and not much later.
    expect(failedAt - lastWriteAt).toBeGreaterThanOrEqual(timeoutMs - 10);
    expect(failedAt - lastWriteAt).toBeLessThan(timeoutMs + 400);
    // The half-read connection is given up, never handed to the next call.
    await expect(closesWithin(sockets[0], 500)).resolves.toBe(true);
    await expect(findOne(session, 'p1', OTHER)).resolves.toMatchObject({
      match: { indicator: OTHER },
    });
    expect(sockets[1]).not.toBe(sockets[0]);
    expect(otx.connections).toBe(2);
  });

  it('fails a page still streaming at the deadline as DEADLINE, without hanging', async () => {
    let writes = 0;
    serveFirst((_req, res) => {
      res.writeHead(200, JSON_TYPE);
      write(res, HEAD + JSON.stringify(pulseRow('10.9.9.1')));
      // A record every 40 ms for as long as the client reads: never an idle timeout, never an end.
      const timer = setInterval(() => {
        if (write(res, fillerRows(1, writes))) writes++;
        else clearInterval(timer);
      }, 40);
      res.on('close', () => clearInterval(timer));
    });
    const c = client({ timeoutMs: 2000 });
    const started = Date.now();

    const error = await findOne(c.session('k', { deadlineAt: started + 250 }), 'p1', VALUE).catch(
      (e: unknown) => e,
    );

    expect(error).toMatchObject({ code: 'DEADLINE', endpoint: 'pulse-indicators' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(Date.now() - started).toBeLessThan(1000);
    // The body was being read when the deadline came.
    expect(writes).toBeGreaterThan(2);
    await expect(closesWithin(sockets[0], 500)).resolves.toBe(true);
    await expect(findOne(c.session('k'), 'p1', OTHER)).resolves.toMatchObject({
      match: { indicator: OTHER },
    });
  });

  it('fails a page whose connection is cut mid-body as UNAVAILABLE (connection reset)', async () => {
    serveFirst((req, res) => {
      res.writeHead(200, JSON_TYPE);
      write(res, HEAD + JSON.stringify(pulseRow('10.9.9.1')) + fillerRows(20));
      setTimeout(() => req.socket.destroy(), 30);
    });
    const session = client().session('k');

    await expect(findOne(session, 'p1', VALUE)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      endpoint: 'pulse-indicators',
      detail: 'connection reset (ECONNRESET)',
    });
    await expect(findOne(session, 'p1', OTHER)).resolves.toMatchObject({
      match: { indicator: OTHER },
    });
  });

  it.each([
    ['a Content-Length larger than what is sent', true],
    ['chunks without the last, empty one', false],
  ])(
    'does not take a whole-looking page cut before its end (%s) as a page',
    async (_name, declared) => {
      // Valid JSON with next: null and no match: taken as a page it would be a complete "absent".
      const body = pageOf(JSON.stringify(pulseRow('10.9.9.1')), JSON.stringify(pulseRow(OTHER)));
      serveFirst((req, res) => {
        const headers = declared
          ? { ...JSON_TYPE, 'Content-Length': String(Buffer.byteLength(body) + 50) }
          : JSON_TYPE;
        res.writeHead(200, headers);
        write(res, body);
        setTimeout(() => (declared ? req.socket.end() : req.socket.destroy()), 30);
      });
      const c = client();

      await expect(findOne(c.session('k'), 'p1', VALUE)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        endpoint: 'pulse-indicators',
      });
      // No absence was cached: asked again, the pulse is walked again.
      await expect(findOne(c.session('k'), 'p1', VALUE)).resolves.toEqual({
        match: null,
        pagesWalked: 1,
        complete: true,
      });
      expect(otx.requests).toHaveLength(2);
    },
  );

  it('fails a page over maxResponseBytes in small chunks as BAD_RESPONSE once the cap is passed', async () => {
    const maxResponseBytes = 4096;
    let written = 0;
    serveFirst((_req, res) => {
      res.writeHead(200, JSON_TYPE);
      void (async () => {
        const first = HEAD + JSON.stringify(pulseRow('10.9.9.1'));
        write(res, first);
        written = first.length;
        // One record (~110 bytes) at a time, to twice the cap; then the body stalls, unfinished.
        for (let i = 0; written < 2 * maxResponseBytes; i++) {
          await sleep(1);
          const part = fillerRows(1, i);
          if (!write(res, part)) return;
          written += part.length;
        }
      })();
    });
    const started = Date.now();

    const error = await findOne(
      client({ maxResponseBytes, timeoutMs: 3000 }).session('k'),
      'p1',
      VALUE,
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({
      name: 'OtxException',
      code: 'BAD_RESPONSE',
      endpoint: 'pulse-indicators',
      detail: `response larger than ${maxResponseBytes} bytes`,
    });
    // Long before the stall's timeout: the body never ended, so the cap ended the read.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(bytesRead).toHaveLength(1);
    expect(bytesRead[0]).toBeGreaterThan(maxResponseBytes);
    expect(bytesRead[0]).toBeLessThan(2 * maxResponseBytes);
    await expect(closesWithin(sockets[0], 500)).resolves.toBe(true);
  });

  describe('left early at a match', () => {
    /** Serves the first page's head with VALUE in its first records; the rest once released. */
    const serveMatchThenRest = (rest: () => string) => {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      const state = { restSent: false, release };
      serveFirst((_req, res) => {
        res.writeHead(200, JSON_TYPE);
        write(res, HEAD + JSON.stringify(pulseRow(VALUE, 'first')) + fillerRows(5));
        void released.then(() => {
          state.restSent = write(res, rest());
          res.end(TAIL);
        });
      });
      return state;
    };

    it('resolves while the server still sends; a short rest is drained and its connection reused', async () => {
      const state = serveMatchThenRest(() => fillerRows(50, 5));
      const session = client().session('k');

      await expect(findOne(session, 'p1', VALUE)).resolves.toMatchObject({
        match: { indicator: VALUE, created: 'first' },
        pagesWalked: 1,
        complete: true,
      });
      expect(state.restSent).toBe(false);
      state.release();
      // Read on (under KEEP_ALIVE_DRAIN_BYTES), the connection goes back to the pool.
      await expect(closesWithin(sockets[0], 500)).resolves.toBe(false);
      expect(state.restSent).toBe(true);

      await expect(findOne(session, 'p1', OTHER)).resolves.toMatchObject({
        match: { indicator: OTHER },
      });
      expect(sockets[1]).toBe(sockets[0]);
      expect(otx.connections).toBe(1);
    });

    it('closes the connection of a rest over KEEP_ALIVE_DRAIN_BYTES; the next call gets a new one', async () => {
      // ~280 kB of records after the match.
      const state = serveMatchThenRest(() => fillerRows(2500, 5));
      const session = client().session('k');

      await expect(findOne(session, 'p1', VALUE)).resolves.toMatchObject({
        match: { indicator: VALUE },
      });
      expect(state.restSent).toBe(false);
      state.release();
      await expect(closesWithin(sockets[0], 1000)).resolves.toBe(true);

      await expect(findOne(session, 'p1', OTHER)).resolves.toMatchObject({
        match: { indicator: OTHER },
      });
      expect(otx.connections).toBe(2);
    });

    it('does not wait for a rest that never comes: the next call goes ahead, the stalled connection is closed', async () => {
      serveMatchThenRest(() => ''); // never released
      const session = client({ timeoutMs: 300 }).session('k');

      await expect(findOne(session, 'p1', VALUE)).resolves.toMatchObject({
        match: { indicator: VALUE },
      });
      const nextStarted = Date.now();
      await expect(findOne(session, 'p1', OTHER)).resolves.toMatchObject({
        match: { indicator: OTHER },
      });
      expect(Date.now() - nextStarted).toBeLessThan(250);
      expect(sockets[1]).not.toBe(sockets[0]);
      // Closed after timeoutMs without data, not kept forever.
      await expect(closesWithin(sockets[0], 900)).resolves.toBe(true);
    });
  });
});
