import { FakeOtxServer, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { pagesAsked, pulsePages, pulseRow as row, findOne } from '../testing/pulse-pages';

const filler = (page: number) => [row(`10.0.${page}.1`), row(`10.0.${page}.2`)];

describe('OtxSession.findInPulseMany', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));

  it('walks once for several values, stops when all are matched, asks for inactive ones', async () => {
    otx.handler = pulsePages([
      [row('10.0.0.1'), row('1.1.1.1', 'a1')],
      [row('2.2.2.2', 'b1'), row('1.1.1.1', 'a2')],
      filler(3),
    ]);
    const sut = testClient(otx.baseUrl, { pageSize: 2 }).session('k');

    const result = await sut.findInPulseMany('p1', [
      { type: 'ip', value: '1.1.1.1' },
      { type: 'ip', value: '2.2.2.2' },
      { type: 'ip', value: '1.1.1.1' },
    ]);

    expect(result.complete).toBe(true);
    expect(result.pagesWalked).toBe(2);
    expect([...result.matches.keys()].sort()).toEqual(['1.1.1.1', '2.2.2.2']);
    expect(result.matches.get('1.1.1.1')).toMatchObject({ created: 'a1', indicator: '1.1.1.1' });
    expect(otx.requests.map((r) => r.url)).toEqual([
      '/api/v1/pulses/p1/indicators?sort=-created&limit=2&page=1&include_inactive=1',
      '/api/v1/pulses/p1/indicators?sort=-created&limit=2&page=2&include_inactive=1',
    ]);
    expect(sut.callCount).toBe(2);
  });

  it('matches canonically: hash and domain case, IPv6 forms; keys are canonical values', async () => {
    otx.handler = pulsePages([
      [
        row('d41d8cd98f00b204e9800998ecf8427e'),
        row('Evil.Example.ORG'),
        row('2001:db8:0:0:0:0:0:1'),
        row('HTTP://A.B/C'),
      ],
    ]);

    const { matches } = await testClient(otx.baseUrl)
      .session('k')
      .findInPulseMany('p1', [
        { type: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' },
        { type: 'domain', value: 'evil.example.org' },
        { type: 'ipv6', value: '2001:DB8::1' },
        { type: 'url', value: 'http://a.b/c' },
      ]);

    expect(Object.fromEntries([...matches].map(([k, m]) => [k, m.indicator]))).toEqual({
      d41d8cd98f00b204e9800998ecf8427e: 'd41d8cd98f00b204e9800998ecf8427e',
      'evil.example.org': 'Evil.Example.ORG',
      '2001:db8::1': '2001:db8:0:0:0:0:0:1',
    });
  });

  it('matches host names case-insensitively, and an IDN in either spelling', async () => {
    otx.handler = pulsePages([
      [row('WWW.Example.ORG'), row('mail.bücher.example'), row('xn--e1afmkfd.xn--p1ai')],
    ]);

    const { matches } = await testClient(otx.baseUrl)
      .session('k')
      .findInPulseMany('p1', [
        { type: 'hostname', value: 'www.example.org' },
        { type: 'hostname', value: 'mail.xn--bcher-kva.example' },
        { type: 'domain', value: 'Пример.рф' },
      ]);

    expect(Object.fromEntries([...matches].map(([k, m]) => [k, m.indicator]))).toEqual({
      'www.example.org': 'WWW.Example.ORG',
      'mail.xn--bcher-kva.example': 'mail.bücher.example',
      'xn--e1afmkfd.xn--p1ai': 'xn--e1afmkfd.xn--p1ai',
    });
  });

  it('is incomplete when maxPages ends the walk with values unmatched', async () => {
    otx.handler = pulsePages([filler(1), [row('1.1.1.1')], filler(3), filler(4)]);
    const result = await testClient(otx.baseUrl, { maxPages: 3 })
      .session('k')
      .findInPulseMany('p1', [
        { type: 'ip', value: '1.1.1.1' },
        { type: 'ip', value: '9.9.9.9' },
      ]);

    expect(result).toMatchObject({ complete: false, pagesWalked: 3 });
    expect([...result.matches.keys()]).toEqual(['1.1.1.1']);
  });

  it.each([400, 404])('a %i on page 2 ends the walk with what was found', async (status) => {
    otx.handler = pulsePages([[row('1.1.1.1')], [row('2.2.2.2')]], { 2: status });
    const result = await testClient(otx.baseUrl)
      .session('k')
      .findInPulseMany('p1', [
        { type: 'ip', value: '1.1.1.1' },
        { type: 'ip', value: '2.2.2.2' },
      ]);

    expect(result).toMatchObject({ complete: true, pagesWalked: 1 });
    expect([...result.matches.keys()]).toEqual(['1.1.1.1']);
    expect(pagesAsked(otx.requests)).toEqual(['1', '2']);
  });

  it('an empty list needs no request', async () => {
    const result = await testClient(otx.baseUrl).session('k').findInPulseMany('p1', []);
    expect(result).toEqual({ matches: new Map(), complete: true, pagesWalked: 0, failures: [] });
    expect(otx.requests).toHaveLength(0);
  });

  it('compares per type: an IPv4 exactly, a hash case-insensitively', async () => {
    otx.handler = pulsePages([[row('ABCDEF')]]);
    const sut = testClient(otx.baseUrl).session('k');

    await expect(findOne(sut, 'p1', 'abcdef')).resolves.toMatchObject({ match: null });
    await expect(findOne(sut, 'p1', 'abcdef', 'sha1')).resolves.toMatchObject({
      match: { indicator: 'ABCDEF' },
      complete: true,
    });
  });
});
