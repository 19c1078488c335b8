import { SIM_OBSERVABLES as O, SIM_PULSES as P } from '../apps/otx-sim/src/fixtures';
import { bearer, request } from './helpers/http';
import { useSimAndRelay } from './helpers/servers';
import { simControl } from './helpers/sim-control';
import { simToken, trClaims } from './helpers/tokens';

type Obs = { type: string; value: string };

describe('the pulse walk: which pulses are walked (contract §6.4 step 3, §11 item 14)', () => {
  const ctx = useSimAndRelay({ CACHE_MAX_ENTRIES: '0' });
  const sim = simControl(() => ctx.sim.url);
  const observe = async (body: Obs[]) => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    const res = await request(`${ctx.relay.url}/observe/observables`, {
      body,
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const sighted = (body: { data?: { sightings?: { docs: { external_ids: string[] }[] } } }) =>
    body.data?.sightings?.docs.map((s) => s.external_ids[0]) ?? [];

  beforeEach(() => sim.reset());

  it("finds a SHA1 whose general names the file's MD5 as base, walking only its SHA1 pulse", async () => {
    const body = await observe([O.sha1BaseMd5]);
    expect(body.errors).toBeUndefined();
    expect(sighted(body)).toEqual([P.sha1Droppers.id]);
    // general, then one page of sha1Droppers; md5Samples (related type MD5) is never asked for.
    expect((await sim.stats()).byRoute).toMatchObject({ general: 1, pulseIndicators: 1 });
  });

  it('finds an IPv4 that is the expired, uncounted only IPv4 of its pulse', async () => {
    const body = await observe([O.ipExpiredOnly]);
    expect(body.errors).toBeUndefined();
    expect(sighted(body)).toEqual([P.expiredIpOnly.id]);
    expect(body.data.indicators.docs[0].valid_time).toEqual({
      start_time: '2022-08-01T08:00:12Z',
      end_time: '2022-08-31T08:00:12Z',
    });
  });

  it('finds an expired record in a pulse that still counts other IPv4s', async () => {
    const body = await observe([O.ipExpired]);
    expect(sighted(body)).toEqual([P.sshHoneypot.id]);
  });

  it('walks a pulse whose counts omit the type when it names the type as related', async () => {
    const body = await observe([O.ip]);
    expect(sighted(body)[0]).toBe(P.domainsOnly.id);
    expect(sighted(body)).toHaveLength(4);
  });
});
