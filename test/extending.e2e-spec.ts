import { expectationFor, SIM_OBSERVABLES as O, SIM_SCENARIOS } from '../apps/otx-sim/src/fixtures';
import { BlocklistModule } from './example-provider/blocklist.module';
import { BlocklistIntelProvider } from './example-provider/blocklist.intel-provider';
import { bearer, request } from './helpers/http';
import {
  describeWithOwnConfig,
  relayEnvFor,
  RunningServer,
  startRelay,
  startSim,
} from './helpers/servers';
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

// docs/extending.md's example: a team's blocklist asked beside AlienVault OTX, registered through
// the relay's options alone (no change to ObserveService nor to the relay module).
describeWithOwnConfig('a second intel provider beside OTX (docs/extending.md)', () => {
  const listedAlso = O.ip; // OTX: Suspicious; the blocklist: Malicious
  const listedOnly = { type: 'domain', value: 'c2.internal.example' };
  let sim: RunningServer;
  let relay: RunningServer;
  beforeAll(async () => {
    sim = await startSim();
    relay = await startRelay(relayEnvFor(sim), {
      imports: [
        BlocklistModule.forRoot({
          source: 'ACME blocklist',
          uiUrlTemplate: 'https://intel.acme.example/entries/{value}',
          entries: [
            { ...listedAlso, reason: 'Seen in the March incident' },
            { ...listedOnly, reason: 'Our own C2 finding' },
          ],
        }),
      ],
      providers: [BlocklistIntelProvider],
    });
  });
  afterAll(async () => {
    await relay?.close();
    await sim?.close();
  });

  const call = async (path: string, body: Obs[], token = true) => {
    const headers = token
      ? bearer(await simToken(sim.url, trClaims(sim.url, relay.url)))
      : ({} as Record<string, string>);
    const res = await request(`${relay.url}${path}`, { body, headers });
    expect(res.status).toBe(200);
    return res.body;
  };

  it("merges both providers' entities in observe, one Verdict per observable", async () => {
    const body = await call('/observe/observables', [listedAlso, listedOnly]);
    expect(body.errors).toBeUndefined();
    const sources = body.data.sightings.docs.map((s: { source: string; observables: Obs[] }) => [
      s.source,
      s.observables[0].value,
    ]);
    const otxSightings = expectationFor(listedAlso).matches.length;
    expect(sources).toEqual([
      ...Array(otxSightings).fill(['AlienVault OTX', listedAlso.value]),
      ['ACME blocklist', listedAlso.value],
      ['ACME blocklist', listedOnly.value],
    ]);
    // Two Judgements for the listed IP; its Verdict is the curated one (priority 95 over 90).
    expect(SIM_SCENARIOS.ip.verdict?.disposition).toBe('Suspicious');
    const verdicts = body.data.verdicts.docs.map((v: { observable: Obs; disposition: number }) => [
      v.observable.value,
      v.disposition,
    ]);
    expect(verdicts).toEqual([
      [listedAlso.value, 2],
      [listedOnly.value, 2],
    ]);
    expect(body.data.judgements.count).toBe(3);
  });

  it('answers deliberate with one Verdict per observable from both providers', async () => {
    const body = await call('/deliberate/observables', [listedAlso, listedOnly, O.ipv6]);
    const verdicts = body.data.verdicts.docs.map(
      (v: { observable: Obs; disposition_name: string }) => [
        v.observable.value,
        v.disposition_name,
      ],
    );
    expect(verdicts).toEqual([
      [listedAlso.value, 'Malicious'],
      [O.ipv6.value, SIM_SCENARIOS.ipv6.verdict?.disposition],
      [listedOnly.value, 'Malicious'],
    ]);
  });

  it("refers to both providers' pages, without a token", async () => {
    const body = await call('/refer/observables', [listedOnly, O.ipv6], false);
    expect(body.data.map((r: { url: string }) => r.url)).toEqual([
      `${sim.url}/indicator/domain/${listedOnly.value}`,
      `${sim.url}/indicator/ip/${O.ipv6.value}`,
      `https://intel.acme.example/entries/${listedOnly.value}`,
    ]);
  });

  it('is healthy when every provider is', async () => {
    expect(await call('/health', [])).toEqual({ data: { status: 'ok' } });
  });
});
