import { bearer, request } from './helpers/http';
import { E2E_OTX_TIMEOUT_MS, itWithE2eOtxTimeout, useSimAndRelay } from './helpers/servers';
import { simToken, trClaims } from './helpers/tokens';

describe('POST /health asks OTX whether the key works', () => {
  const ctx = useSimAndRelay();
  const setFaults = (rules: unknown[]) =>
    request(`${ctx.sim.url}/_sim/faults`, { method: 'PUT', body: { rules } });
  const health = async () => {
    const token = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    return (await request(`${ctx.relay.url}/health`, { headers: bearer(token) })).body;
  };
  afterEach(() => setFaults([]));

  it('is ok when OTX answers 200 on /api/v1/user/me', async () => {
    await request(`${ctx.sim.url}/_sim/reset`);
    expect(await health()).toEqual({ data: { status: 'ok' } });
    const stats = (await request(`${ctx.sim.url}/_sim/stats`, { method: 'GET' })).body;
    expect(stats.byRoute.user).toBe(1);
  });

  it.each([
    [500, 'Something went wrong. Reason: 500 Internal Server Error.'],
    [404, 'Something went wrong. Reason: 404 Not Found.'],
    [400, 'Something went wrong. Reason: 400 Bad Request.'],
    [429, 'Something went wrong. Reason: 429 Too Many Requests.'],
  ])('is not ok when OTX answers %i', async (status, message) => {
    await setFaults([{ path: '^/api/v1/user/me', status, body: '{"detail": "x"}' }]);
    expect(await health()).toEqual({ errors: [{ code: 'oops', message, type: 'fatal' }] });
  });

  itWithE2eOtxTimeout('reports a timeout in the envelope', async () => {
    await setFaults([{ path: '^/api/v1/user/me', hang: true }]);
    expect(await health()).toEqual({
      errors: [
        {
          code: 'oops',
          message: `Something went wrong. Reason: AlienVault OTX timed out (no answer within ${E2E_OTX_TIMEOUT_MS} ms).`,
          type: 'fatal',
        },
      ],
    });
  });

  it('reports a connection reset in the envelope', async () => {
    await setFaults([{ path: '^/api/v1/user/me', reset: true }]);
    const body = await health();
    expect(body.errors).toEqual([
      {
        code: 'oops',
        message: expect.stringMatching(
          /^Something went wrong\. Reason: AlienVault OTX could not be reached/,
        ),
        type: 'fatal',
      },
    ]);
  });
});
