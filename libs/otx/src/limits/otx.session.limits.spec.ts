import { findOne } from '../testing/pulse-pages';
import { inspect } from 'node:util';
import { FakeOtxServer, useFakeOtxServer, sendJson, testClient } from '../testing/fake-otx.server';

describe('OtxSession limits', () => {
  let otx: FakeOtxServer;
  let logs: jest.SpyInstance;

  useFakeOtxServer((server, debugLogs) => {
    otx = server;
    logs = debugLogs;
  });

  it('keeps at most `concurrency` requests in flight across all methods', async () => {
    otx.handler = (req, res) => {
      const body = req.url?.includes('/pulses/') ? { results: [], next: null } : {};
      setTimeout(() => sendJson(res, 200, body), 40);
    };
    const session = testClient(otx.baseUrl, { concurrency: 3 }).session('k');

    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => session.getGeneral('ip', `10.0.0.${i}`)),
      ...Array.from({ length: 6 }, (_, i) => findOne(session, `p${i}`, 'v')),
      session.checkUser(),
    ]);

    expect(otx.requests).toHaveLength(13);
    expect(otx.maxInFlight).toBe(3);
    expect(session.callCount).toBe(13);
  });

  it('gives each session its own limiter and call count', async () => {
    otx.handler = (_req, res) => setTimeout(() => sendJson(res, 200, {}), 40);
    const client = testClient(otx.baseUrl, { concurrency: 2 });
    const [a, b] = [client.session('a'), client.session('b')];

    await Promise.all([1, 2, 3].flatMap((i) => [a.getGeneral('ip', `${i}`), b.checkUser()]));

    expect(otx.maxInFlight).toBe(4);
    expect([a.callCount, b.callCount]).toEqual([3, 3]);
  });

  it('counts failed requests too', async () => {
    otx.handler = (_req, res) => sendJson(res, 500, {});
    const session = testClient(otx.baseUrl).session('k');

    await session.checkUser().catch(() => undefined);
    await session.getGeneral('md5', 'x').catch(() => undefined);

    expect(session.callCount).toBe(2);
  });

  it.each([
    ['Cyrillic', 'ключ-123'],
    ['line break', 'abc\r\nX-Evil: 1'],
    ['NUL', 'abc\u0000'],
    ['leading space', ' abc'],
    ['trailing tab', 'abc\t'],
  ])('a key with %s is UNAUTHORIZED and never sent', async (_what, key) => {
    const session = testClient(otx.baseUrl).session(key);

    await expect(session.checkUser()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      endpoint: 'user',
    });
    await expect(session.getGeneral('ip', '1.1.1.1')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      endpoint: 'general',
    });
    await expect(findOne(session, 'p', 'v')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(otx.requests).toHaveLength(0);
    expect(session.callCount).toBe(0);
    expect(JSON.stringify(logs.mock.calls)).not.toContain(key);
  });

  it('sends a key with Latin-1 characters and inner spaces as is', async () => {
    const key = 'caf\u00e9 key';
    await testClient(otx.baseUrl).session(key).checkUser();

    expect(Buffer.from(otx.requests[0].headers['x-otx-api-key'] as string, 'latin1')).toEqual(
      Buffer.from(key, 'latin1'),
    );
  });

  it('does not show the key when the session is inspected or serialised', () => {
    const session = testClient(otx.baseUrl).session('inspect-me-secret');

    expect(inspect(session, { depth: 5 })).not.toContain('inspect-me-secret');
    expect(JSON.stringify(session)).not.toContain('inspect-me-secret');
  });
});
