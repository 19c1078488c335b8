import fc from 'fast-check';
import { otxPathSegment, strictPercentEncode } from './encoding';
import { utf16Unit } from './otx/fixtures/otx-arbitraries';

// Property tests of the percent encoders (contract §6.2, §8): OTX paths and
// refer ids are built from caller-supplied values.

const anyUtf16 = fc.string({ unit: utf16Unit, maxLength: 40 });
const wellFormed = fc.string({ unit: 'binary', maxLength: 40 });

/** Python's `quote(value, safe)`, byte by byte: what the encoders must equal. */
function quote(value: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    const kept = byte < 0x80 && (/[A-Za-z0-9_.~-]/.test(ch) || safe.includes(ch));
    out += kept ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

describe('percent encoders, for any string', () => {
  it("equal Python's quote() over the UTF-8 bytes (lone surrogates as U+FFFD)", () => {
    fc.assert(
      fc.property(fc.oneof(anyUtf16, fc.string({ unit: 'binary', maxLength: 40 })), (s) => {
        expect(strictPercentEncode(s)).toBe(quote(s, ''));
        expect(otxPathSegment(s)).toBe(quote(s, '@:'));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throw and emit only unreserved characters and %XX', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        expect(strictPercentEncode(s)).toMatch(/^(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})*$/);
        expect(otxPathSegment(s)).toMatch(/^(?:[A-Za-z0-9_.~@:-]|%[0-9A-F]{2})*$/);
      }),
    );
  });

  it('round-trip through decodeURIComponent for well-formed strings', () => {
    fc.assert(
      fc.property(wellFormed, (s) => {
        expect(decodeURIComponent(strictPercentEncode(s))).toBe(s);
        expect(decodeURIComponent(otxPathSegment(s))).toBe(s);
      }),
    );
  });

  it('keep a path segment free of separators: no raw / ? # % or space', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        expect(otxPathSegment(s).replace(/%[0-9A-F]{2}/g, '')).not.toMatch(/[/?#% ]/);
      }),
    );
  });

  it('differ only in @ and :', () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        expect(otxPathSegment(s).replace(/@/g, '%40').replace(/:/g, '%3A')).toBe(
          strictPercentEncode(s),
        );
      }),
    );
  });
});
