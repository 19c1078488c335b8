import { get } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchPulseId } from '../bench/bench-corpus';
import { createOtxSimApp } from '../otx-sim.app';
import { listenOnLoopback, rawRequest } from '../testing/http-client';

const KEY = { 'x-otx-api-key': 'test-otx-key' };
const CHUNK = 16_384;
const DELAY_MS = 20;
const PAGE = `/api/v1/pulses/${benchPulseId(0, 0)}/indicators?sort=-created&limit=10000`;

interface Stats {
  bytesSent: { pulseIndicators: number };
}

describe('pulse pages written in paced chunks', () => {
  let app: NestFastifyApplication;
  let base: string;
  // Measured by the first test, which reads the whole page.
  let pageBytes = NaN;
  const stats = async () => JSON.parse((await rawRequest(`${base}/_sim/stats`)).text) as Stats;
  const reset = () => rawRequest(`${base}/_sim/reset`, { method: 'POST' });
  // The count once the simulator has stopped writing (it no longer moves).
  const settledBytes = async () => {
    let last = -1;
    for (;;) {
      const now = (await stats()).bytesSent.pulseIndicators;
      if (now === last) return now;
      last = now;
      await sleep(5 * DELAY_MS);
    }
  };

  beforeAll(async () => {
    app = await createOtxSimApp({
      benchObservables: 1,
      benchPulses: 1,
      maxPageSize: 10_000,
      benchPulseSize: 2000,
      chunkBytes: CHUNK,
      chunkDelayMs: DELAY_MS,
    });
    base = await listenOnLoopback(app);
  });
  beforeEach(() => reset());
  afterAll(() => app.close());

  it('sends the whole page, chunk by chunk, and counts every byte', async () => {
    const started = Date.now();
    const answer = await new Promise<{ bytes: number; reads: number; length: string }>(
      (resolve, reject) => {
        get(`${base}${PAGE}`, { headers: KEY, agent: false }, (res) => {
          let [bytes, reads] = [0, 0];
          res.on('data', (chunk: Buffer) => ((bytes += chunk.length), (reads += 1)));
          res.on('end', () => resolve({ bytes, reads, length: res.headers['content-length']! }));
          res.on('error', reject);
        }).on('error', reject);
      },
    );
    pageBytes = answer.bytes;
    const chunks = Math.ceil(pageBytes / CHUNK);
    expect(pageBytes).toBeGreaterThan(20 * CHUNK);
    expect(answer.length).toBe(String(pageBytes));
    // Paced: the chunks came apart, with the pause between them.
    expect(answer.reads).toBeGreaterThanOrEqual(chunks / 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual((chunks - 1) * DELAY_MS * 0.9);
    expect(await settledBytes()).toBe(pageBytes);
  });

  it('stops sending, and counting, when the client goes away', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = get(`${base}${PAGE}`, { headers: KEY, agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    });
    const sent = await settledBytes();
    expect(sent).toBeGreaterThanOrEqual(CHUNK);
    expect(sent).toBeLessThanOrEqual(4 * CHUNK);
    expect(sent).toBeLessThan(pageBytes / 5);
  });

  it('answers an unknown page with the DRF error, counted as sent once out', async () => {
    const res = await rawRequest(`${base}${PAGE}&page=9`, { headers: KEY });
    expect([res.status, JSON.parse(res.text)]).toEqual([404, { detail: 'Invalid page.' }]);
    expect(await settledBytes()).toBe(Buffer.byteLength(res.text));
  });
});
