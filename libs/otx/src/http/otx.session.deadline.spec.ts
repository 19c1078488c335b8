import { findOne } from '../testing/pulse-pages';
import { OtxObserver } from '../otx-observer';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from '../testing/fake-otx.server';

describe('OtxSession deadline (real time)', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));
  const events: string[] = [];
  const observer: OtxObserver = {
    onRequest: (e) => events.push(`request ${e.status}`),
    onRejected: (e) => events.push(`rejected ${e.reason}`),
  };
  const client = (overrides = {}) => testClient(otx.baseUrl, { observer, ...overrides });

  beforeEach(() => {
    events.length = 0;
  });

  it('aborts a call in flight at the deadline with DEADLINE', async () => {
    otx.handler = () => undefined;
    const started = Date.now();
    const sut = client({ timeoutMs: 5000 }).session('k', { deadlineAt: started + 150 });

    await expect(sut.getGeneral('ip', '1.2.3.4')).rejects.toMatchObject({
      code: 'DEADLINE',
      endpoint: 'general',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(otx.requests).toHaveLength(1);
    expect(events).toEqual(['request DEADLINE', 'rejected deadline']);
  });

  it('starts no call once the deadline has passed', async () => {
    const sut = client().session('k', { deadlineAt: Date.now() - 1 });

    await expect(sut.checkUser()).rejects.toMatchObject({ code: 'DEADLINE', endpoint: 'user' });
    await expect(findOne(sut, 'p', 'v')).rejects.toMatchObject({ code: 'DEADLINE' });
    expect(otx.requests).toHaveLength(0);
    expect(sut.callCount).toBe(0);
    expect(events).toEqual(['rejected deadline', 'rejected deadline']);
  });

  it('does not start a call that waited for a concurrency slot past the deadline', async () => {
    otx.handler = (_req, res) => setTimeout(() => sendJson(res, 200, {}), 400);
    const sut = client({ concurrency: 1 }).session('k', { deadlineAt: Date.now() + 650 });

    const results = await Promise.allSettled([sut.checkUser(), sut.checkUser(), sut.checkUser()]);

    // The 2nd starts at ~400 ms and is cut at 650 ms; the 3rd gets its slot after that.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(results.slice(1)).toMatchObject([
      { reason: { code: 'DEADLINE' } },
      { reason: { code: 'DEADLINE' } },
    ]);
    expect(otx.requests).toHaveLength(2);
    expect(sut.callCount).toBe(2);
  });

  it('a lookup joined to another session’s call runs again when that call hit its deadline', async () => {
    otx.handler = (_req, res) => setTimeout(() => sendJson(res, 200, {}), 250);
    const otxClient = client();
    const short = otxClient.session('k', { deadlineAt: Date.now() + 100 });
    const long = otxClient.session('k');

    const [a, b] = await Promise.allSettled([
      short.getGeneral('ip', '1.2.3.4'),
      long.getGeneral('ip', '1.2.3.4'),
    ]);

    expect(a).toMatchObject({ status: 'rejected', reason: { code: 'DEADLINE' } });
    expect(b).toEqual({ status: 'fulfilled', value: {} });
    expect([short.callCount, long.callCount]).toEqual([1, 1]);
  });
});
