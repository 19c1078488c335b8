import fc from 'fast-check';
import { CTIM_LIMITS, TRUNCATION_MARK, truncateCtimString } from './ctim-limits';
import { utf16Unit } from './otx/fixtures/otx-arbitraries';

const hasLoneSurrogate = (s: string) => /\p{Cs}/u.test(s);

describe('CTIM_LIMITS', () => {
  it('holds the contract §9.1 lengths', () => {
    expect(CTIM_LIMITS).toStrictEqual({
      shortString: 1024,
      medString: 2048,
      longString: 5000,
      uri: 2048,
    });
  });
});

describe(truncateCtimString.name, () => {
  it.each([
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['', 1, ''],
    ['ab', 1, '…'],
    // '😀' is two UTF-16 units: cutting after its first half would leave a lone surrogate.
    ['a😀b', 3, 'a…'],
    ['ab😀', 4, 'ab😀'],
    ['ab😀c', 4, 'ab…'],
    ['😀😀', 2, '…'],
    ['😀😀', 3, '😀…'],
  ])('(%j, %i) → %j', (value, max, expected) => {
    expect(truncateCtimString(value, max)).toBe(expected);
  });

  it.each([
    ['ShortString', CTIM_LIMITS.shortString],
    ['MedString', CTIM_LIMITS.medString],
    ['LongString', CTIM_LIMITS.longString],
  ])('cuts to a %s (%i) and marks the cut', (_name, max) => {
    expect(truncateCtimString('x'.repeat(max), max)).toBe('x'.repeat(max));
    const cut = truncateCtimString('x'.repeat(max + 1), max);
    expect(cut).toHaveLength(max);
    expect(cut.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('counts UTF-16 units, as CTIM does: 600 emoji do not fit 1024', () => {
    const cut = truncateCtimString('😀'.repeat(600), 1024);
    expect(cut).toBe(`${'😀'.repeat(511)}…`);
    expect(cut.length).toBe(1023);
  });

  describe('for any string and limit', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: utf16Unit, maxLength: 60 }),
    );
    const limit = fc.integer({ min: 1, max: 64 });

    it('fits the limit, keeps a prefix, and is unchanged when it fits', () => {
      fc.assert(
        fc.property(anyString, limit, (s, max) => {
          const out = truncateCtimString(s, max);
          expect(out.length).toBeLessThanOrEqual(max);
          if (s.length <= max) expect(out).toBe(s);
          else {
            expect(out.endsWith(TRUNCATION_MARK)).toBe(true);
            expect(s.startsWith(out.slice(0, -1))).toBe(true);
          }
        }),
      );
    });

    it('never splits a surrogate pair', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 60 }), limit, (s, max) => {
          expect(hasLoneSurrogate(truncateCtimString(s, max))).toBe(false);
        }),
      );
    });

    it('is idempotent', () => {
      fc.assert(
        fc.property(anyString, limit, (s, max) => {
          const once = truncateCtimString(s, max);
          expect(truncateCtimString(once, max)).toBe(once);
        }),
      );
    });
  });
});
