import { bearer, request } from './helpers/http';
import { describeWithOwnConfig, useSimAndRelay } from './helpers/servers';
import { secretToken, simToken, trClaims } from './helpers/tokens';
import { denied } from './helpers/envelopes';

const SECRET = 'an-example-shared-secret-of-more-than-32-chars';

describeWithOwnConfig('AUTH_MODE=secret (HS256 shared secret) over HTTP', () => {
  const ctx = useSimAndRelay({ AUTH_MODE: 'secret', JWT_SECRET: SECRET });
  const health = (token: string) => request(`${ctx.relay.url}/health`, { headers: bearer(token) });

  it('accepts a legacy token whose payload is only the key', async () => {
    expect((await health(secretToken(SECRET, { key: 'test-otx-key' }))).body).toEqual({
      data: { status: 'ok' },
    });
  });

  it('refuses a token signed with another secret', async () => {
    const res = await health(secretToken('another-secret-another-secret-another', { key: 'k' }));
    expect(res.body).toEqual(denied('Failed to decode JWT with provided key'));
  });

  it('refuses RS256 tokens, even valid ones for jwks mode', async () => {
    const rs256 = await simToken(ctx.sim.url, trClaims(ctx.sim.url, ctx.relay.url));
    expect((await health(rs256)).body).toEqual(
      denied('Unsupported JWT algorithm: only HS256 is accepted'),
    );
  });

  it('checks exp and a present aud', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await health(secretToken(SECRET, { key: 'k', exp: now - 60 }))).body).toEqual(
      denied('The JWT has expired'),
    );
    expect(
      (await health(secretToken(SECRET, { key: 'k', aud: 'https://x.example' }))).body,
    ).toEqual(denied('Wrong configuration-token-audience'));
    expect(
      (await health(secretToken(SECRET, { key: 'test-otx-key', aud: ctx.relay.url }))).body,
    ).toEqual({
      data: { status: 'ok' },
    });
  });

  it('refuses a token without a key claim', async () => {
    expect((await health(secretToken(SECRET, { other: 1 }))).body).toEqual(
      denied('Wrong JWT payload structure'),
    );
  });
});
