import { findOne } from '../testing/pulse-pages';
import { OtxQueryableType } from '../otx.constants';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from '../testing/fake-otx.server';

const KEY = 'k3y-0123456789abcdef';
const UA = 'SecureX Threat Response Integrations <tr-integrations-support@cisco.com>';

describe('OtxSession requests', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));

  it('checkUser sends GET /api/v1/user/me with the key, UA and Accept headers', async () => {
    await testClient(otx.baseUrl).session(KEY).checkUser();

    expect(otx.requests).toHaveLength(1);
    const [req] = otx.requests;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/api/v1/user/me');
    expect(req.headers['x-otx-api-key']).toBe(KEY);
    expect(req.headers['user-agent']).toBe(UA);
    expect(req.headers.accept).toBe('application/json');
  });

  it('sends the user agent it is configured with', async () => {
    await testClient(otx.baseUrl, { userAgent: 'otx-relay/9.9' }).session(KEY).checkUser();

    expect(otx.requests[0].headers['user-agent']).toBe('otx-relay/9.9');
  });

  it('never calls OTX with an empty key: that would be an anonymous call', async () => {
    const session = testClient(otx.baseUrl).session('');

    await expect(session.checkUser()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      detail: 'API key is empty; an anonymous call is never made',
    });
    await expect(
      session.lookupMany([{ type: 'ip', value: '198.51.100.1' }]),
    ).resolves.toMatchObject({ problems: [{ kind: 'general', error: { code: 'UNAUTHORIZED' } }] });
    expect(otx.requests).toEqual([]);
  });

  it('ignores a trailing slash on the base URL', async () => {
    await testClient(`${otx.baseUrl}/`).session(KEY).checkUser();

    expect(otx.requests[0].url).toBe('/api/v1/user/me');
  });

  it.each<[OtxQueryableType, string, string]>([
    ['ip', '99.85.80.169', '/api/v1/indicators/IPv4/99.85.80.169/general'],
    [
      'ipv6',
      '2001:14ba:1f00:0:1117:e76e:843d:f803',
      '/api/v1/indicators/IPv6/2001:14ba:1f00:0:1117:e76e:843d:f803/general',
    ],
    [
      'domain',
      'пример.рф',
      '/api/v1/indicators/domain/%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84/general',
    ],
    ['hostname', 'update.example.com', '/api/v1/indicators/hostname/update.example.com/general'],
    [
      'url',
      'http://blockchains.pk/nw_NIHbAj35.bin',
      '/api/v1/indicators/url/http:%2F%2Fblockchains.pk%2Fnw_NIHbAj35.bin/general',
    ],
    [
      'url',
      "http://a.b/c d?e=f&g=h#i!*'()~@:;,$+[]",
      '/api/v1/indicators/url/http:%2F%2Fa.b%2Fc%20d%3Fe%3Df%26g%3Dh%23i%21%2A%27%28%29~@:%3B%2C%24%2B%5B%5D/general',
    ],
    ['md5', 'a+b@c.d', '/api/v1/indicators/file/a%2Bb@c.d/general'],
    ['sha1', 'ABCDEF', '/api/v1/indicators/file/ABCDEF/general'],
    ['sha256', 'ff00', '/api/v1/indicators/file/ff00/general'],
  ])('getGeneral(%s, %j) requests %s with no query', async (type, value, path) => {
    await testClient(otx.baseUrl).session(KEY).getGeneral(type, value);

    expect(otx.requests.map((r) => r.url)).toEqual([path]);
    expect(otx.requests[0].headers['x-otx-api-key']).toBe(KEY);
  });

  it.each([
    ['domain', 'Example.COM', '/api/v1/indicators/domain/example.com/general'],
    ['domain', 'www.Example.com', '/api/v1/indicators/hostname/www.example.com/general'],
    ['domain', 'Пример.рф', '/api/v1/indicators/domain/xn--e1afmkfd.xn--p1ai/general'],
    [
      'domain',
      'www.bücher.example',
      '/api/v1/indicators/hostname/www.xn--bcher-kva.example/general',
    ],
    ['hostname', 'example.com', '/api/v1/indicators/hostname/example.com/general'],
  ])('lookupMany asks about a %s %j at %s', async (type, value, path) => {
    otx.handler = (_req, res) => sendJson(res, 200, { base_indicator: {}, pulse_info: {} });

    const result = await testClient(otx.baseUrl)
      .session(KEY)
      .lookupMany([{ type, value }], { walk: false });

    expect(otx.requests.map((r) => r.url)).toEqual([path]);
    expect(result.indicators[0].observables).toEqual([{ type, value }]);
  });

  it('getGeneral returns the fields the relay reads (what the cache keeps), unchecked', async () => {
    const pulse = {
      id: 'p1',
      name: 'P',
      description: null,
      TLP: 'white',
      tags: ['t'],
      author: { username: 'u', id: '7' },
      indicator_type_counts: { IPv4: 1 },
      modified: '2024-01-01T00:00:00',
    };
    const body = {
      base_indicator: { type: 'IPv4', id: 1 },
      pulse_info: { count: 2, pulses: [pulse, 'odd'], references: ['r'] },
      whois: 'x',
    };
    otx.handler = (_req, res) => sendJson(res, 200, body);

    await expect(testClient(otx.baseUrl).session(KEY).getGeneral('ip', '1.2.3.4')).resolves.toEqual(
      {
        base_indicator: { type: 'IPv4' },
        pulse_info: {
          count: 2,
          pulses: [{ ...pulse, author: { username: 'u' } }, 'odd'],
        },
      },
    );
  });

  it('a pulse walk requests sort, limit (pageSize), page and include_inactive=1, with the pulse id strictly encoded', async () => {
    otx.handler = (_req, res) => sendJson(res, 200, { results: [], next: null });

    await findOne(testClient(otx.baseUrl, { pageSize: 250 }).session(KEY), 'a/b@c:d', 'x');

    expect(otx.requests.map((r) => r.url)).toEqual([
      '/api/v1/pulses/a%2Fb%40c%3Ad/indicators?sort=-created&limit=250&page=1&include_inactive=1',
    ]);
    expect(otx.requests[0].headers['x-otx-api-key']).toBe(KEY);
    expect(otx.requests[0].headers.accept).toBe('application/json');
  });

  it('rejects a type that is not queryable without sending anything', async () => {
    const session = testClient(otx.baseUrl).session(KEY);

    await expect(session.getGeneral('email' as OtxQueryableType, 'a@b.c')).rejects.toThrow(
      TypeError,
    );
    expect(otx.requests).toHaveLength(0);
  });
});
