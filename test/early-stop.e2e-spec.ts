import { benchPulseId } from '../apps/otx-sim/src/bench/bench-corpus';
import { benchObservable } from '../apps/otx-sim/src/bench/bench-observables';
import type { OtxSimOptions } from '../apps/otx-sim/src/otx-sim.app';
import { bearer, request } from './helpers/http';
import { describeWithOwnConfig, SIM_API_KEY, useSimAndRelay } from './helpers/servers';
import { simToken, trClaims } from './helpers/tokens';

// A pulse page of 10,000 records (about 3 MB), far more than loopback socket buffers hold once
// the simulator paces its chunks: what the simulator managed to send is what the relay read.
const PAGE_RECORDS = 10_000;
const PACED: Partial<OtxSimOptions> = {
  benchObservables: 1,
  benchPulses: 1,
  maxPageSize: PAGE_RECORDS,
  chunkBytes: 65_536,
  chunkDelayMs: 10,
};
const OBSERVABLE = benchObservable(0);
const PULSE = benchPulseId(0, 0);
const PAGE_1 = `/api/v1/pulses/${PULSE}/indicators?sort=-created&limit=${PAGE_RECORDS}&page=1&include_inactive=1`;
const BYTES_READ = 'relay_otx_response_bytes_total{endpoint="pulse-indicators"}';

interface SimStats {
  byRoute: { general: number; pulseIndicators: number };
  bytesSent: { pulseIndicators: number };
}

/**
 * Asks the relay for the bench observable and reports what the pulse walk cost: the simulator's
 * counters and the relay's own count of bytes read, once the simulator stopped writing.
 */
function walkOnce(ctx: { sim: { url: string }; relay: { url: string } }) {
  const simGet = async (path: string) => await request(`${ctx.sim.url}${path}`, { method: 'GET' });
  const bytesRead = async () => {
    const text = (await request(`${ctx.relay.url}/metrics`, { method: 'GET' })).text;
    const line = text.split('\n').find((l) => l.startsWith(BYTES_READ));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return async () => {
    await request(`${ctx.sim.url}/_sim/reset`);
    const readBefore = await bytesRead();
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const answer = await request(`${ctx.relay.url}/observe/observables`, {
      body: [OBSERVABLE],
      headers: bearer(token),
    });
    // The simulator stops writing within a chunk's pause of the relay leaving: wait it out.
    let stats = (await simGet('/_sim/stats')).body as SimStats;
    for (let settled = false; !settled;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = (await simGet('/_sim/stats')).body as SimStats;
      settled = now.bytesSent.pulseIndicators === stats.bytesSent.pulseIndicators;
      stats = now;
    }
    const read = (await bytesRead()) - readBefore;
    // The page as the relay asked for it, read whole (after the counters were taken).
    const page = await fetch(`${ctx.sim.url}${PAGE_1}`, {
      headers: { 'x-otx-api-key': SIM_API_KEY },
    });
    const pageBytes = (await page.arrayBuffer()).byteLength;
    return { answer, stats, read, pageBytes };
  };
}

const sightings = (body: { data?: { sightings?: { docs: { external_ids: string[] }[] } } }) =>
  body.data?.sightings?.docs.map((s) => s.external_ids[0]) ?? [];

// `drf`: `next` before `results`; `results-first`: `next` after them. Either way the relay
// leaves the page once it has the value: it does not wait for `next`.
describeWithOwnConfig.each(['drf', 'results-first'] as const)(
  'the pulse walk stops reading a page once it has what it needs (key order %s)',
  (pageKeyOrder) => {
    const ctx = useSimAndRelay(
      {},
      { ...PACED, benchPulseSize: PAGE_RECORDS + 1, benchMatchAt: 'first', pageKeyOrder },
    );
    const walk = walkOnce(ctx);

    it('finds the value in the first records, then leaves the page: far fewer bytes were sent', async () => {
      const { answer, stats, read, pageBytes } = await walk();
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(sightings(answer.body)).toEqual([PULSE]);
      expect(stats.byRoute).toMatchObject({ general: 1, pulseIndicators: 1 });
      expect(pageBytes).toBeGreaterThan(2_500_000);
      // The match is the first record: the relay needs one chunk; the simulator got a few more
      // out before it saw the socket close.
      expect(stats.bytesSent.pulseIndicators).toBeGreaterThan(0);
      expect(stats.bytesSent.pulseIndicators).toBeLessThan(pageBytes / 4);
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThanOrEqual(stats.bytesSent.pulseIndicators);
    });
  },
);

describeWithOwnConfig('the pulse walk reads a page to its end when the value is last', () => {
  const ctx = useSimAndRelay({}, { ...PACED, benchPulseSize: PAGE_RECORDS, benchMatchAt: 'last' });
  const walk = walkOnce(ctx);

  it('finds the value in the last record, having been sent (and read) the whole page', async () => {
    const { answer, stats, read, pageBytes } = await walk();
    expect(answer.body.errors).toBeUndefined();
    expect(sightings(answer.body)).toEqual([PULSE]);
    expect(stats.byRoute).toMatchObject({ general: 1, pulseIndicators: 1 });
    expect(pageBytes).toBeGreaterThan(2_500_000);
    expect(stats.bytesSent.pulseIndicators).toBe(pageBytes);
    expect(read).toBe(pageBytes);
  });
});
