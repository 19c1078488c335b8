import { ServerResponse } from 'node:http';
import { OtxObserver } from '../otx-observer';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { FAKE_DATE_ONLY, SteppingClock } from '../testing/stepping-clock';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const GENERAL = { base_indicator: { type: 'IPv4' }, pulse_info: { count: 0, pulses: [] } };

/** Answers the given statuses in turn, then 200. */
function answers(...statuses: (number | [number, Record<string, string>] | 'reset')[]) {
  let i = 0;
  return (req: { socket: { destroy(): void } }, res: ServerResponse) => {
    const next = statuses[i++];
    if (next === undefined) return sendJson(res, 200, GENERAL);
    if (next === 'reset') return req.socket.destroy();
    const [status, headers] = Array.isArray(next) ? next : [next, {}];
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end('{"detail":"x"}');
  };
}

describe('OtxSession retries (fake clock)', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));
  let clock: SteppingClock;
  const retries: { endpoint: string; reason: string }[] = [];
  const observer: OtxObserver = { onRetry: (e) => retries.push(e) };
  const session = (overrides = {}, deadlineAt?: number) =>
    testClient(otx.baseUrl, { observer, ...overrides }, clock).session('k', { deadlineAt });

  beforeEach(() => {
    jest.useFakeTimers({ ...FAKE_DATE_ONLY, now: T0 });
    clock = new SteppingClock(0.5);
    retries.length = 0;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each([429, 502, 503, 504])('retries %i with full-jitter backoff, then succeeds', async (s) => {
    otx.handler = answers(s, s);
    const sut = session();

    await expect(sut.getGeneral('ip', '1.2.3.4')).resolves.toEqual(GENERAL);

    expect(otx.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([125, 250]);
    expect(sut.callCount).toBe(3);
    expect(retries).toEqual([
      { endpoint: 'general', reason: String(s) },
      { endpoint: 'general', reason: String(s) },
    ]);
  });

  it('makes at most `retries` extra attempts and reports the last failure', async () => {
    otx.handler = answers(503, 503, 503, 503, 503);

    await expect(session({ retries: 3 }).checkUser()).rejects.toMatchObject({
      code: 'HTTP_STATUS',
      status: 503,
    });
    expect(otx.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([125, 250, 500]);
  });

  it('does not retry with retries: 0', async () => {
    otx.handler = answers(502);
    await expect(session({ retries: 0 }).checkUser()).rejects.toMatchObject({ status: 502 });
    expect(otx.requests).toHaveLength(1);
  });

  it.each([400, 403, 404, 500, 501])('never retries %i', async (s) => {
    otx.handler = answers(s, s, s);
    await session()
      .checkUser()
      .catch(() => undefined);
    expect(otx.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('honours Retry-After in seconds', async () => {
    otx.handler = answers([429, { 'Retry-After': '3' }]);
    await session().checkUser();
    expect(clock.sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(T0 + 10_000).toUTCString();
    otx.handler = answers([503, { 'Retry-After': at }]);
    await session().checkUser();
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('retries a reset connection and a refused one', async () => {
    otx.handler = answers('reset');
    await session().getGeneral('ip', '1.2.3.4');
    expect(retries.map((r) => r.reason)).toEqual(['UNAVAILABLE']);

    const closed = await FakeOtxServer.start();
    const url = closed.baseUrl;
    await closed.close();
    const sut = testClient(url, { observer }, clock).session('k');
    await expect(sut.checkUser()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(sut.callCount).toBe(3);
  });

  it('retries a timeout', async () => {
    let n = 0;
    otx.handler = (_req, res) => (n++ === 0 ? undefined : sendJson(res, 200, {}));
    await session({ timeoutMs: 100 }).checkUser();
    expect(retries).toEqual([{ endpoint: 'user', reason: 'TIMEOUT' }]);
  });

  it('does not wait for a retry that would end past the deadline', async () => {
    otx.handler = answers(503, 503, 503);
    const sut = session({}, T0 + 200);

    await expect(sut.checkUser()).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 503 });
    expect(clock.sleeps).toEqual([125]);
    expect(otx.requests).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond the deadline', async () => {
    otx.handler = answers([429, { 'Retry-After': '30' }]);
    await expect(session({}, T0 + 20_000).checkUser()).rejects.toMatchObject({ status: 429 });
    expect(clock.sleeps).toEqual([]);
  });
});
