import { findOne } from '../testing/pulse-pages';
import { OtxException } from '../otx.exception';
import { OtxSession } from '../otx.types';
import { FakeOtxServer, useFakeOtxServer, sendJson, testClient } from '../testing/fake-otx.server';

const KEY = 'status-spec-secret-key';

type Call = [name: string, call: (s: OtxSession) => Promise<unknown>];
const CALLS: Call[] = [
  ['checkUser', (s) => s.checkUser()],
  ['getGeneral', (s) => s.getGeneral('ip', '1.2.3.4')],
  ['findInPulse', (s) => findOne(s, 'p1', '1.2.3.4')],
];

describe('OtxSession status handling', () => {
  let otx: FakeOtxServer;
  let logs: jest.SpyInstance;
  // Status mapping only: retries (of 429, 502, ...) have their own spec.
  const session = () => testClient(otx.baseUrl, { retries: 0 }).session(KEY);
  const answer = (status: number, body: string, type = 'application/json') => {
    otx.handler = (_req, res) => res.writeHead(status, { 'Content-Type': type }).end(body);
  };

  useFakeOtxServer((server, debugLogs) => {
    otx = server;
    logs = debugLogs;
  });

  it('checkUser resolves on 200', async () => {
    answer(200, '{"username":"u"}');
    await expect(session().checkUser()).resolves.toBeUndefined();
  });

  it.each([400, 404])(
    'checkUser: %i is not healthy (HTTP_STATUS, contract §11 item 15)',
    async (s) => {
      answer(s, '{"detail":"x"}');
      await expect(session().checkUser()).rejects.toMatchObject({ code: 'HTTP_STATUS', status: s });
    },
  );

  it.each([400, 404])('getGeneral: %i is "no data" (null)', async (s) => {
    answer(s, '{"detail":"Invalid"}');
    await expect(session().getGeneral('url', 'x')).resolves.toBeNull();
  });

  it.each([400, 404])('findInPulse: %i on page 1 is no match', async (s) => {
    answer(s, '{"detail":"Not found."}');
    await expect(findOne(session(), 'p1', 'x')).resolves.toEqual({
      match: null,
      pagesWalked: 0,
      complete: true,
    });
  });

  describe.each(CALLS)('%s', (_name, call) => {
    it('403 is UNAUTHORIZED', async () => {
      answer(403, '{"detail":"Invalid API key"}');
      await expect(call(session())).rejects.toMatchObject({
        name: 'OtxException',
        code: 'UNAUTHORIZED',
        status: 403,
        statusText: 'Forbidden',
      });
    });

    it.each([
      [429, 'Too Many Requests'],
      [500, 'Internal Server Error'],
      [502, 'Bad Gateway'],
      [204, 'No Content'],
      [520, undefined],
    ])('%i is HTTP_STATUS with statusText %j', async (status, statusText) => {
      answer(status, status === 204 ? '' : '<html><body>Bad gateway</body></html>', 'text/html');
      const error = (await call(session()).catch((e: unknown) => e)) as OtxException;

      expect(error).toBeInstanceOf(OtxException);
      expect(error).toMatchObject({ code: 'HTTP_STATUS', status });
      expect(error.statusText).toBe(statusText);
    });

    it('a 200 body that is not JSON (an HTML page) is BAD_RESPONSE', async () => {
      answer(200, '<!DOCTYPE html><html><title>CloudFront</title></html>', 'text/html');
      await expect(call(session())).rejects.toMatchObject({
        code: 'BAD_RESPONSE',
        detail: 'response is not JSON',
      });
    });

    it.each(['[]', '"text"', 'null', '42', ''])('a 200 body %j is BAD_RESPONSE', async (body) => {
      answer(200, body);
      await expect(call(session())).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    });

    it('logs one debug line per failure with endpoint, code, status, latency, never the key', async () => {
      answer(502, 'bad gateway');
      const error = (await call(session()).catch((e: unknown) => e)) as OtxException;

      expect(logs).toHaveBeenCalledTimes(1);
      const line = String(logs.mock.calls[0][0]);
      expect(line).toContain(error.endpoint);
      expect(line).toMatch(/HTTP_STATUS status 502 .* after \d+ ms$/);
      expect(line).not.toContain(KEY);
      expect(error.message).not.toContain(KEY);
    });
  });

  it('reports the failing endpoint kind', async () => {
    answer(500, '');
    const kinds = await Promise.all(
      CALLS.map(([, call]) => call(session()).catch((e: OtxException) => e.endpoint)),
    );
    expect(kinds).toEqual(['user', 'general', 'pulse-indicators']);
  });

  it('a pulse page without a results list is BAD_RESPONSE', async () => {
    otx.handler = (_req, res) => sendJson(res, 200, { detail: 'odd', next: null });
    await expect(findOne(session(), 'p1', 'x')).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      endpoint: 'pulse-indicators',
    });
  });
});
