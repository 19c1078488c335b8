import { Logger } from '@nestjs/common';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { freePort } from '../testing/redis-server';

const KEY = 'redis-down-spec-secret-key';
const FOUND = { base_indicator: { type: 'IPv4' }, pulse_info: { pulses: [{ id: 'p1' }] } };

// Needs no redis-server: nothing listens on the port.
describe('OtxClient with an unreachable Redis', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => {
    otx = server;
    otx.handler = (_req, res) => sendJson(res, 200, FOUND);
  });

  it('looks up without a cache, logs a warning without the URL, and closes promptly', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}`;
    const c = testClient(otx.baseUrl, { redisUrl: url });

    await expect(c.session(KEY).getGeneral('ip', '1.2.3.4')).resolves.toEqual(FOUND);
    await expect(c.session(KEY).getGeneral('ip', '1.2.3.4')).resolves.toEqual(FOUND);
    await c.session(KEY).checkUser();

    expect(otx.requests).toHaveLength(3);
    expect(warn).toHaveBeenCalled();
    expect(JSON.stringify(warn.mock.calls)).not.toContain('hunter2');
    const started = Date.now();
    await c.close();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
