import { referenceFromObservable } from './from-otx-observable-to-reference';
import { OTX_UI } from './fixtures/best-pulse';

const categories = ['Search', 'AlienVault OTX'];

describe(referenceFromObservable.name, () => {
  // Contract §8 example table.
  it.each([
    ['ip', '99.85.80.169', 'ref-avotx-search-ip-99.85.80.169', 'ip/99.85.80.169'],
    [
      'ipv6',
      '2001:14ba:1f00:0:1117:e76e:843d:f803',
      'ref-avotx-search-ipv6-2001%3A14ba%3A1f00%3A0%3A1117%3Ae76e%3A843d%3Af803',
      'ip/2001:14ba:1f00:0:1117:e76e:843d:f803',
    ],
    [
      'url',
      'http://blockchains.pk/nw_NIHbAj35.bin',
      'ref-avotx-search-url-http%3A%2F%2Fblockchains.pk%2Fnw_NIHbAj35.bin',
      'url/http:%2F%2Fblockchains.pk%2Fnw_NIHbAj35.bin',
    ],
    [
      'email',
      'msalem@webalo.com',
      'ref-avotx-search-email-msalem%40webalo.com',
      'email/msalem@webalo.com',
    ],
    [
      'sha1',
      '4f79d1a01b9b5cb3cb65a9911db2a02ea3bb7c45',
      'ref-avotx-search-sha1-4f79d1a01b9b5cb3cb65a9911db2a02ea3bb7c45',
      'file/4f79d1a01b9b5cb3cb65a9911db2a02ea3bb7c45',
    ],
  ])('%s %s', (type, value, id, path) => {
    const ref = referenceFromObservable({ type, value }, OTX_UI);
    expect(ref).toMatchObject({
      id,
      url: `https://otx.alienvault.com/indicator/${path}`,
      categories,
    });
  });

  // Contract §8 titles by type, plus the URL category of §6.1.
  it.each([
    ['ip', 'IP', 'ip'],
    ['ipv6', 'IPv6', 'ip'],
    ['domain', 'domain', 'domain'],
    ['hostname', 'hostname', 'hostname'],
    ['url', 'URL', 'url'],
    ['email', 'email', 'email'],
    ['md5', 'MD5', 'file'],
    ['sha1', 'SHA1', 'file'],
    ['sha256', 'SHA256', 'file'],
  ])('%s → "Search for this %s"', (type, name, category) => {
    expect(referenceFromObservable({ type, value: 'v' }, OTX_UI)).toStrictEqual({
      id: `ref-avotx-search-${type}-v`,
      title: `Search for this ${name}`,
      description: `Lookup this ${name} on AlienVault OTX`,
      url: `https://otx.alienvault.com/indicator/${category}/v`,
      categories,
    });
  });

  it('links a hostname to its OTX hostname page (issue 12 item 4)', () => {
    expect(
      referenceFromObservable({ type: 'hostname', value: 'www.example.co.uk' }, OTX_UI),
    ).toStrictEqual({
      id: 'ref-avotx-search-hostname-www.example.co.uk',
      title: 'Search for this hostname',
      description: 'Lookup this hostname on AlienVault OTX',
      url: 'https://otx.alienvault.com/indicator/hostname/www.example.co.uk',
      categories,
    });
  });

  it.each(['Hostname', 'device', 'IP', 'toString', ''])('returns null for type %j', (type) => {
    expect(referenceFromObservable({ type, value: 'v' }, OTX_UI)).toBeNull();
  });

  it.each<unknown>([
    { type: 'ip', value: 1 },
    { type: ['ip'], value: 'v' },
    { type: 'ip' },
    null,
    'ip',
  ])('returns null for %j', (observable) => {
    expect(referenceFromObservable(observable as never, OTX_UI)).toBeNull();
  });

  it('strips trailing slashes from the UI base URL', () => {
    const ref = referenceFromObservable(
      { type: 'domain', value: 'a.b' },
      'https://otx.alienvault.com/',
    );
    expect(ref?.url).toBe('https://otx.alienvault.com/indicator/domain/a.b');
  });

  it('never throws on a lone surrogate', () => {
    const ref = referenceFromObservable({ type: 'domain', value: 'a\uD800' }, OTX_UI);
    expect(ref?.id).toBe('ref-avotx-search-domain-a%EF%BF%BD');
    expect(ref?.url).toBe('https://otx.alienvault.com/indicator/domain/a%EF%BF%BD');
  });
});
