import { connect } from 'node:net';
import { expectationFor, SIM_OBSERVABLES as O } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { RelayProcess, spawnRelay } from './helpers/processes';
import { describeWithOwnConfig, relayEnvFor, RunningServer, startSim } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a TCP connection to the relay is refused (its listener is gone). */
function refused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describeWithOwnConfig('graceful shutdown of the built relay (SIGTERM)', () => {
  let sim: RunningServer;
  let relay: RelayProcess | undefined;
  const control = simControl(() => sim.url);

  /** Sends an observe request and resolves once the relay is waiting on OTX for it. */
  const observeInFlight = async (r: RelayProcess) => {
    const token = await simToken(sim.url, trClaims(sim.url, r.url));
    const answer = request(`${r.url}/observe/observables`, {
      body: [O.domain],
      headers: bearer(token),
    });
    answer.catch(() => undefined); // awaited by the test; not an unhandled rejection meanwhile
    for (let i = 0; i < 100 && (await control.stats()).byRoute.general === 0; i++) await sleep(20);
    if ((await control.stats()).byRoute.general === 0) throw new Error('request never reached OTX');
    return { answer };
  };

  beforeAll(async () => (sim = await startSim()));
  beforeEach(() => control.reset());
  afterEach(() => {
    if (relay?.child.exitCode === null) relay.child.kill('SIGKILL');
  });
  afterAll(() => sim?.close());

  it('finishes the request in flight, refuses new connections, and exits 0', async () => {
    relay = await spawnRelay(relayEnvFor(sim, { OTX_TIMEOUT_MS: '5000' }));
    await control.faults([{ path: '^/api/v1/indicators/', delayMs: 1500 }]);
    let answered = false;
    const { answer } = await observeInFlight(relay);
    const inFlight = answer.finally(() => (answered = true));
    const exitCode = relay.stop();
    let refusedWhileDraining = false;
    for (let i = 0; i < 50 && !refusedWhileDraining; i++) {
      refusedWhileDraining = (await refused(relay.url)) && !answered;
      if (!refusedWhileDraining) await sleep(20);
    }
    expect(refusedWhileDraining).toBe(true);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.sightings.count).toBe(expectationFor(O.domain).matches.length);
    const answeredAt = Date.now();
    expect(await exitCode).toBe(0);
    expect(Date.now() - answeredAt).toBeLessThan(2000);
  });

  it('cuts what is still in flight after SHUTDOWN_GRACE_MS and still exits 0', async () => {
    relay = await spawnRelay(
      relayEnvFor(sim, { SHUTDOWN_GRACE_MS: '300', OTX_TIMEOUT_MS: '20000' }),
    );
    await control.faults([{ path: '^/api/v1/indicators/', hang: true }]);
    const { answer } = await observeInFlight(relay);
    const signalledAt = Date.now();
    const exitCode = relay.stop();
    await expect(answer).rejects.toThrow();
    expect(await exitCode).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
  });

  it('writes each request line within a second, and every one still buffered at exit', async () => {
    relay = await spawnRelay(relayEnvFor(sim, {}));
    const r = relay;
    const idsIn = (ids: string[]) =>
      ids.filter((id) => r.output().includes(`"requestId":"${id}"`)).length;
    const first = ['line-a', 'line-b'];
    for (const id of first) await request(`${r.url}/version`, { headers: { 'x-request-id': id } });
    // Two short lines do not fill a block: the end of their turn of the event loop writes them.
    for (let i = 0; i < 50 && idsIn(first) < first.length; i++) await sleep(20);
    expect(idsIn(first)).toBe(first.length);
    const burst = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
    for (const id of burst) {
      await request(`${r.url}/refer/observables`, {
        body: [O.domain],
        headers: { 'x-request-id': id },
      });
    }
    expect(await r.stop()).toBe(0);
    expect(idsIn(burst)).toBe(burst.length);
    // Logged just before the process exits: only the exit flush writes it.
    expect(r.output()).toMatch(/"msg":"stopped"/);
  });
});
