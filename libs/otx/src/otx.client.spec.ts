import { findOne, pulseRow } from './testing/pulse-pages';
import { KEEP_ALIVE_DRAIN_BYTES } from './http/otx.transport';
import { Logger } from '@nestjs/common';
import type { Agent } from 'node:http';
import type { OtxClient } from './otx.client';
import { OtxObserver, OtxRequestEvent } from './otx-observer';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from './testing/fake-otx.server';

describe('OtxClient connections and observer', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));

  it('reuses keep-alive sockets across calls and sessions', async () => {
    otx.handler = (_req, res) => sendJson(res, 200, {});
    const client = testClient(otx.baseUrl, { cacheTtlHitS: 0, cacheTtlEmptyS: 0 });

    for (let i = 0; i < 10; i++) await client.session(`k${i % 2}`).getGeneral('ip', `10.0.0.${i}`);

    expect(otx.requests).toHaveLength(10);
    expect(otx.connections).toBe(1);
    await client.close();
  });

  describe('a pulse page left once the value is found', () => {
    /** Waits (1 s at most) until the client's pool holds a free keep-alive socket again. */
    const socketFreed = async (client: OtxClient) => {
      const { httpAgent } = (client as unknown as { deps: { transport: { httpAgent: Agent } } })
        .deps.transport;
      for (let i = 0; i < 200 && Object.keys(httpAgent.freeSockets).length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const IP = '203.0.113.7';
    /** A page with the value first, then `restRecords` others, written in two parts. */
    const pageWithRest = (restRecords: number) => {
      const rest = Array.from({ length: restRecords }, (_, i) =>
        pulseRow(`10.1.${i >> 8}.${i & 255}`),
      );
      const text = JSON.stringify({ next: null, results: [pulseRow(IP), ...rest] });
      const cut = text.indexOf('}') + 1; // the value's record ends the first part
      return [text.slice(0, cut), text.slice(cut)];
    };
    const serve = (parts: string[]) => {
      otx.handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(parts[0]);
        setTimeout(() => res.end(parts[1]), 20);
      };
    };

    it('is read to its end, unscanned, when little is left: the socket is reused', async () => {
      const parts = pageWithRest(100);
      expect(Buffer.byteLength(parts[1])).toBeLessThan(KEEP_ALIVE_DRAIN_BYTES);
      serve(parts);
      const client = testClient(otx.baseUrl, { cacheTtlHitS: 0, cacheTtlEmptyS: 0 });
      for (const pulse of ['p1', 'p2', 'p3']) {
        const found = await findOne(client.session('k'), pulse, IP);
        expect(found.match?.indicator).toBe(IP);
        await socketFreed(client); // the rest is drained in the background
      }
      expect(otx.requests).toHaveLength(3);
      expect(otx.connections).toBe(1);
      await client.close();
    });

    it('closes its connection when more is left than is worth reading', async () => {
      const parts = pageWithRest(2000);
      expect(Buffer.byteLength(parts[1])).toBeGreaterThan(KEEP_ALIVE_DRAIN_BYTES);
      serve(parts);
      const client = testClient(otx.baseUrl, { cacheTtlHitS: 0, cacheTtlEmptyS: 0 });
      for (const pulse of ['p1', 'p2']) {
        expect((await findOne(client.session('k'), pulse, IP)).match?.indicator).toBe(IP);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      expect(otx.connections).toBe(2);
      await client.close();
    });
  });

  it('opens at most maxSockets connections, shared by all sessions', async () => {
    otx.handler = (_req, res) => setTimeout(() => sendJson(res, 200, {}), 30);
    const client = testClient(otx.baseUrl, { maxSockets: 3, concurrency: 8 });

    await Promise.all(
      [client.session('a'), client.session('b')].flatMap((s) =>
        Array.from({ length: 8 }, () => s.checkUser()),
      ),
    );

    expect(otx.requests).toHaveLength(16);
    expect(otx.maxInFlight).toBe(3);
    expect(otx.connections).toBe(3);
    await client.close();
  });

  it('close() drops the pooled sockets and may be called twice', async () => {
    otx.handler = (_req, res) => sendJson(res, 200, {});
    const client = testClient(otx.baseUrl);
    await client.session('k').checkUser();
    const closed = new Promise((resolve) => otx.onConnectionClosed(() => resolve(undefined)));

    await Promise.all([client.close(), client.onApplicationShutdown()]);

    await expect(closed).resolves.toBeUndefined();
  });

  it('reports each upstream request, retry and cache lookup to the observer', async () => {
    let n = 0;
    otx.handler = (_req, res) => sendJson(res, n++ === 0 ? 503 : 200, {});
    const events: string[] = [];
    const requests: OtxRequestEvent[] = [];
    const observer: OtxObserver = {
      onRequest: (e) => requests.push(e),
      onRetry: (e) => events.push(`retry ${e.endpoint} ${e.reason}`),
      onCache: (e) => events.push(`cache ${e.kind} ${e.hit}`),
    };
    const client = testClient(otx.baseUrl, { observer });

    await client.session('k').getGeneral('ip', '1.2.3.4');
    await client.session('k').getGeneral('ip', '1.2.3.4');

    expect(events).toEqual(['cache general false', 'retry general 503', 'cache general true']);
    expect(requests.map((r) => [r.endpoint, r.status])).toEqual([
      ['general', 503],
      ['general', 200],
    ]);
    expect(requests.every((r) => r.durationMs >= 0)).toBe(true);
    await client.close();
  });

  it('a throwing observer never breaks a lookup', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    otx.handler = (_req, res) => sendJson(res, 200, {});
    const boom = () => {
      throw new Error('metrics down');
    };
    const observer = { onRequest: boom, onCache: boom, onRetry: boom, onRejected: boom };
    const client = testClient(otx.baseUrl, { observer });

    await expect(client.session('k').getGeneral('ip', '1.2.3.4')).resolves.toEqual({});
    await expect(findOne(client.session('k'), 'p', 'v')).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
    expect(warn).toHaveBeenCalledWith('observer onRequest threw: metrics down');
    await client.close();
  });
});
