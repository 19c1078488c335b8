import { version } from '../package.json';
import { request } from './helpers/http';
import { useSimAndRelay } from './helpers/servers';

describe('public endpoints over HTTP', () => {
  const ctx = useSimAndRelay();

  it('POST /version reports the version in package.json, without a data wrapper', async () => {
    const res = await request(`${ctx.relay.url}/version`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ version });
  });

  it('accepts trailing slashes', async () => {
    expect((await request(`${ctx.relay.url}/version/`)).body).toEqual({ version });
    const refer = await request(`${ctx.relay.url}/refer/observables/`, { body: [] });
    expect(refer.body).toEqual({ data: [] });
  });

  it('GET /watchdog echoes the Health-Check header', async () => {
    const res = await request(`${ctx.relay.url}/watchdog`, {
      method: 'GET',
      headers: { 'health-check': 'probe-42' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: 'probe-42' });
  });

  it('GET /watchdog without Health-Check is a health check failure in the envelope', async () => {
    const res = await request(`${ctx.relay.url}/watchdog`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      errors: [{ code: 'health check failed', message: 'Invalid Health Check', type: 'fatal' }],
    });
  });

  it('answers an unknown path with a real 404 and a JSON body', async () => {
    for (const path of ['/nope', '/respond/observables', '/respond/trigger', '/tiles']) {
      const res = await request(`${ctx.relay.url}${path}`, { body: [] });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        code: 404,
        message:
          'The requested URL was not found on the server. ' +
          'If you entered the URL manually please check your spelling and try again.',
        reason: 'NotFound',
      });
    }
  });

  it('answers a known path with the wrong method with a real 405 and Allow', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/health', 'POST'],
      ['POST', '/watchdog', 'GET, HEAD'],
      ['GET', '/observe/observables', 'POST'],
      ['GET', '/deliberate/observables', 'POST'],
      ['PUT', '/version/', 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await request(`${ctx.relay.url}${path}`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.body).toEqual({
        code: 405,
        message: 'The method is not allowed for the requested URL.',
        reason: 'MethodNotAllowed',
      });
    }
  });

  it('POST /refer/observables needs no token and builds the contract links', async () => {
    const res = await request(`${ctx.relay.url}/refer/observables`, {
      body: [
        { type: 'email', value: 'msalem@webalo.com' },
        { type: 'device', value: 'laptop' },
        { type: 'sha1', value: '4f79d1a01b9b5cb3cb65a9911db2a02ea3bb7c45' },
      ],
      headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        {
          id: 'ref-avotx-search-email-msalem%40webalo.com',
          title: 'Search for this email',
          description: 'Lookup this email on AlienVault OTX',
          url: `${ctx.sim.url}/indicator/email/msalem@webalo.com`,
          categories: ['Search', 'AlienVault OTX'],
        },
        {
          id: 'ref-avotx-search-sha1-4f79d1a01b9b5cb3cb65a9911db2a02ea3bb7c45',
          title: 'Search for this SHA1',
          description: 'Lookup this SHA1 on AlienVault OTX',
          url: `${ctx.sim.url}/indicator/file/4f79d1a01b9b5cb3cb65a9911db2a02ea3bb7c45`,
          categories: ['Search', 'AlienVault OTX'],
        },
      ],
    });
  });

  it('refer validates its body like observe does', async () => {
    const res = await request(`${ctx.relay.url}/refer/observables`, { body: [{ type: 'ip' }] });
    expect(res.body).toEqual({
      errors: [
        {
          code: 'invalid payload received',
          message:
            'Invalid JSON payload received. {"0": {"value": ["Missing data for required field."]}}.',
          type: 'fatal',
        },
      ],
    });
  });
});
