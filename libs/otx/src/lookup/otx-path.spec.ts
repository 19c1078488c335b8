import fc from 'fast-check';
import { otxPathSegment, otxStrictSegment } from './otx-path';

describe(otxPathSegment.name, () => {
  // Contract §6.2: Python's quote(value, safe='@:'), checked against the original relay.
  it.each([
    ['99.85.80.169', '99.85.80.169'],
    ['2001:14ba:1f00:0:1117:e76e:843d:f803', '2001:14ba:1f00:0:1117:e76e:843d:f803'],
    ['http://blockchains.pk/nw_NIHbAj35.bin', 'http:%2F%2Fblockchains.pk%2Fnw_NIHbAj35.bin'],
    ['a+b@c.d', 'a%2Bb@c.d'],
    ['пример.рф', '%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84'],
    [
      "http://a.b/c d?e=f&g=h#i!*'()~@:;,$+[]",
      'http:%2F%2Fa.b%2Fc%20d%3Fe%3Df%26g%3Dh%23i%21%2A%27%28%29~@:%3B%2C%24%2B%5B%5D',
    ],
    ['%2F', '%252F'],
    ['\uDC00@', '%EF%BF%BD@'],
  ])('encodes %j as %j', (value, expected) => {
    expect(otxPathSegment(value)).toBe(expected);
  });

  it('keeps any value inside one segment, and decodes back to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const segment = otxPathSegment(value);
        expect(segment).toMatch(/^(?:[A-Za-z0-9_.~@:-]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(segment)).toBe(value);
      }),
    );
  });
});

describe(otxStrictSegment.name, () => {
  it.each([
    ['5d4d574bb0f449aa86b70f90', '5d4d574bb0f449aa86b70f90'],
    ['a/b@c:d', 'a%2Fb%40c%3Ad'],
    ['\u0000\n\u007f\u0080', '%00%0A%7F%C2%80'],
    ['😀', '%F0%9F%98%80'],
  ])('encodes %j as %j', (value, expected) => {
    expect(otxStrictSegment(value)).toBe(expected);
  });
});
