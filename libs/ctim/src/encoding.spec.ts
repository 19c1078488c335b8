import { otxPathSegment, strictPercentEncode } from './encoding';

describe(otxPathSegment.name, () => {
  // Contract §6.2, Python quote(value, safe='@:'), as the OTX UI links use it.
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['fe80::1:2', 'fe80::1:2'],
    ['https://evil.example/a b/c?d=1#e', 'https:%2F%2Fevil.example%2Fa%20b%2Fc%3Fd%3D1%23e'],
    ['x+y@mail.example', 'x%2By@mail.example'],
    ['bücher.example', 'b%C3%BCcher.example'],
    ['!*\'();,$&=[]{}|^`"', '%21%2A%27%28%29%3B%2C%24%26%3D%5B%5D%7B%7D%7C%5E%60%22'],
    ['analyst@soc.example', 'analyst@soc.example'],
  ])('encodes %j as %j', (value, expected) => {
    expect(otxPathSegment(value)).toBe(expected);
  });
});

describe(strictPercentEncode.name, () => {
  // Contract §8 ids, Python quote(value, safe='').
  it.each([
    ['99.85.80.169', '99.85.80.169'],
    ['2001:14ba:1f00:0:1117:e76e:843d:f803', '2001%3A14ba%3A1f00%3A0%3A1117%3Ae76e%3A843d%3Af803'],
    ['http://blockchains.pk/nw_NIHbAj35.bin', 'http%3A%2F%2Fblockchains.pk%2Fnw_NIHbAj35.bin'],
    ['msalem@webalo.com', 'msalem%40webalo.com'],
    ['AZaz09_.-~', 'AZaz09_.-~'],
    ['\u0000\n\u007f\u0080', '%00%0A%7F%C2%80'],
    ['😀', '%F0%9F%98%80'],
  ])('encodes %j as %j', (value, expected) => {
    expect(strictPercentEncode(value)).toBe(expected);
  });
});

describe('lone surrogates', () => {
  it('are encoded as U+FFFD instead of throwing like encodeURIComponent', () => {
    expect(() => encodeURIComponent('a\uD800b')).toThrow(URIError);
    expect(strictPercentEncode('a\uD800b')).toBe('a%EF%BF%BDb');
    expect(otxPathSegment('\uDC00@')).toBe('%EF%BF%BD@');
  });
});
