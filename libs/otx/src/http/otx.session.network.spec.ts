import { findOne } from '../testing/pulse-pages';
import { FakeOtxServer, useFakeOtxServer, testClient } from '../testing/fake-otx.server';

const KEY = 'network-spec-secret-key';

describe('OtxSession network failures', () => {
  let otx: FakeOtxServer;
  let logs: jest.SpyInstance;

  useFakeOtxServer((server, debugLogs) => {
    otx = server;
    logs = debugLogs;
  });

  it('a server that never answers is TIMEOUT after timeoutMs', async () => {
    otx.handler = () => undefined;
    const started = Date.now();

    await expect(
      testClient(otx.baseUrl, { timeoutMs: 150, retries: 0 })
        .session(KEY)
        .getGeneral('ip', '1.2.3.4'),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      endpoint: 'general',
      detail: 'no answer within 150 ms',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a closed port is UNAVAILABLE (connection refused)', async () => {
    const closed = await FakeOtxServer.start();
    const url = closed.baseUrl;
    await closed.close();

    await expect(testClient(url).session(KEY).checkUser()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      endpoint: 'user',
      detail: 'connection refused (ECONNREFUSED)',
    });
    expect(String(logs.mock.calls[0][0])).toMatch(/^OTX user GET \/api\/v1\/user\/me failed/);
  });

  it("tags a failure's debug line with the session's requestId, and none without one", async () => {
    const closed = await FakeOtxServer.start();
    const c = testClient(closed.baseUrl, { retries: 0 });
    await closed.close();

    await expect(c.session(KEY, { requestId: 'req-41' }).checkUser()).rejects.toThrow();
    await expect(c.session(KEY).checkUser()).rejects.toThrow();

    const failed = expect.stringMatching(/^OTX user GET \/api\/v1\/user\/me failed: UNAVAILABLE/);
    expect(logs.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      { requestId: 'req-41', msg: failed },
      failed,
    ]);
    await c.close();
  });

  it("tags the debug line of a call not sent with the session's requestId", async () => {
    const c = testClient(otx.baseUrl);
    await expect(c.session('', { requestId: 'req-42' }).checkUser()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(logs.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      { requestId: 'req-42', msg: expect.stringMatching(/^OTX user GET not sent: UNAUTHORIZED/) },
    ]);
    expect(otx.requests).toHaveLength(0);
    await c.close();
  });

  it('a dropped connection (socket hang up) is UNAVAILABLE', async () => {
    otx.handler = (req) => req.socket.destroy();

    await expect(findOne(testClient(otx.baseUrl).session(KEY), 'p', 'v')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      detail: 'connection reset (ECONNRESET)',
    });
  });

  it('a 302 is HTTP_STATUS and the redirect is never followed', async () => {
    const elsewhere = await FakeOtxServer.start();
    otx.handler = (_req, res) =>
      res.writeHead(302, { Location: `${elsewhere.baseUrl}/api/v1/user/me` }).end();
    try {
      await expect(testClient(otx.baseUrl).session(KEY).checkUser()).rejects.toMatchObject({
        code: 'HTTP_STATUS',
        status: 302,
        statusText: 'Found',
      });
      expect(elsewhere.requests).toHaveLength(0);
      expect(otx.requests).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  it('a self-signed certificate is TLS with OpenSSL’s reason', async () => {
    const tls = await FakeOtxServer.start(true);
    try {
      const error = await testClient(tls.baseUrl)
        .session(KEY)
        .checkUser()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'TLS',
        endpoint: 'user',
        detail: 'self-signed certificate',
      });
      // Verification fails during the handshake: no request (and no key) reached the server.
      expect(tls.requests).toHaveLength(0);
    } finally {
      await tls.close();
    }
  });

  it('never puts the key in errors or logs', async () => {
    otx.handler = () => undefined;
    const error = (await testClient(otx.baseUrl, { timeoutMs: 50 })
      .session(KEY)
      .getGeneral('domain', 'example.org')
      .catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(logs.mock.calls)).not.toContain(KEY);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(KEY);
  });
});
