import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createOtxSimApp } from '../otx-sim.app';

describe('OTX key check and /user/me', () => {
  let app: NestFastifyApplication;
  const get = (url: string, key?: string) =>
    app.inject({ method: 'GET', url, headers: key === undefined ? {} : { 'x-otx-api-key': key } });

  beforeAll(async () => {
    app = await createOtxSimApp({ apiKeys: ['key-one', 'key-two'] });
  });
  afterAll(() => app.close());

  it.each(['/api/v1/user/me', '/api/v1/users/me'])(
    'serves %s with the account of the key',
    async (url) => {
      const res = await get(url, 'key-two');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-otx-active']).toBe('1');
      expect(res.headers['x-remote-user-name']).toBe('otx_sim_user2');
      expect(res.json()).toMatchObject({
        username: 'otx_sim_user2',
        user_id: 1001,
        pulse_count: 0,
      });
      expect(res.json()).toHaveProperty('member_since');
    },
  );

  it.each([
    ['no key', undefined, '/api/v1/user/me'],
    ['an unknown key', 'nope', '/api/v1/users/me'],
    ['an unknown key on general', 'nope', '/api/v1/indicators/IPv4/198.51.100.10/general'],
    ['an unknown key on pulse pages', '', '/api/v1/pulses/000000000000000000000000/indicators'],
  ])('answers 403 Invalid API key for %s', async (_name, key, url) => {
    const res = await get(url, key);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ detail: 'Invalid API key' });
    expect(res.headers['x-remote-user-name']).toBeUndefined();
  });

  it('answers unknown paths with a DRF 404', async () => {
    const res = await get('/api/v1/nothing/here', 'key-one');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not found.' });
  });

  it('uses test-otx-key as the default key', async () => {
    const sim = await createOtxSimApp();
    try {
      const ok = await sim.inject({
        url: '/api/v1/user/me',
        headers: { 'x-otx-api-key': 'test-otx-key' },
      });
      expect(ok.json()).toMatchObject({ username: 'otx_sim_user' });
      const denied = await sim.inject({
        url: '/api/v1/user/me',
        headers: { 'x-otx-api-key': 'key-one' },
      });
      expect(denied.statusCode).toBe(403);
    } finally {
      await sim.close();
    }
  });

  it('refuses out-of-range options', async () => {
    await expect(createOtxSimApp({ maxPageSize: 0, latencyMs: -1 })).rejects.toThrow(
      'Invalid otx-sim options: latencyMs, maxPageSize',
    );
  });
});
