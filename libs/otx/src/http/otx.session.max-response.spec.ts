import { FakeOtxServer, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { findOne, pulseRow } from '../testing/pulse-pages';

const EMPTY_GENERAL = '{"base_indicator": {}, "pulse_info": {"count": 0, "pulses": []}}';

describe('OtxSession with maxResponseBytes', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));

  const padded = (bytes: number) =>
    `{"pad": "${'x'.repeat(bytes - EMPTY_GENERAL.length - 11)}", ${EMPTY_GENERAL.slice(1)}`;

  it('reads an answer of exactly the limit', async () => {
    const body = padded(4096);
    expect(Buffer.byteLength(body)).toBe(4096);
    otx.handler = (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    const session = testClient(otx.baseUrl, { maxResponseBytes: 4096 }).session('k');
    await expect(session.getGeneral('ip', '1.2.3.4')).resolves.toMatchObject({
      pulse_info: { count: 0 },
    });
  });

  it.each([
    ['with a Content-Length', true],
    ['streamed in chunks without one', false],
  ])('fails an answer one byte over the limit, %s, as BAD_RESPONSE', async (_name, declared) => {
    const body = padded(4097);
    otx.handler = (_req, res) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (declared) headers['Content-Length'] = String(Buffer.byteLength(body));
      res.writeHead(200, headers);
      res.write(body.slice(0, 2000));
      res.end(body.slice(2000));
    };
    const session = testClient(otx.baseUrl, { maxResponseBytes: 4096 }).session('k');
    const error = await session.getGeneral('ip', '1.2.3.4').catch((e: unknown) => e);
    expect((error as Error).name).toBe('OtxException');
    expect(error).toMatchObject({
      code: 'BAD_RESPONSE',
      endpoint: 'general',
      detail: 'response larger than 4096 bytes',
    });
  });

  it.each([
    ['with a Content-Length', true],
    ['streamed in chunks without one', false],
  ])('fails a pulse page over the limit, %s, as BAD_RESPONSE', async (_n, declared) => {
    const rows = Array.from({ length: 40 }, (_, i) => pulseRow(`10.0.0.${i}`));
    const body = JSON.stringify({ next: null, results: rows });
    expect(Buffer.byteLength(body)).toBeGreaterThan(4096);
    otx.handler = (_req, res) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (declared) headers['Content-Length'] = String(Buffer.byteLength(body));
      res.writeHead(200, headers);
      for (let at = 0; at < body.length; at += 1000) {
        res.write(body.slice(at, at + 1000));
      }
      res.end();
    };
    const session = testClient(otx.baseUrl, { maxResponseBytes: 4096 }).session('k');
    const error = await findOne(session, 'p1', '203.0.113.7').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BAD_RESPONSE',
      endpoint: 'pulse-indicators',
      detail: 'response larger than 4096 bytes',
    });
  });

  it('refuses a maxResponseBytes below 1 at start-up', () => {
    expect(() => testClient(otx.baseUrl, { maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
  });
});
