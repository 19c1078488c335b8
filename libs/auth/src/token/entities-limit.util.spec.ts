import { parseEntitiesLimit } from './entities-limit.util';

describe(parseEntitiesLimit.name, () => {
  const opts = { defaultValue: 100, max: 1000 };

  it.each<[string, unknown, number]>([
    ['an integer', 5, 5],
    ['an integer string', '5', 5],
    ['an integer string with spaces', ' 42 ', 42],
    ['a signed integer string', '+7', 7],
    ['the max itself', 1000, 1000],
    ['an integer above max', 1001, 1000],
    ['a huge integer string', '99999999999999999999', 1000],
    ['a float, truncated', 2.7, 2],
    ['a float above max', 5000.9, 1000],
    ['1', 1, 1],
    ['0', 0, 100],
    ['"0"', '0', 100],
    ['a float truncated to 0', 0.5, 100],
    ['a negative integer', -5, 100],
    ['a negative string', '-5', 100],
    ['a negative float', -0.5, 100],
    ['a non-numeric string', 'abc', 100],
    ['a float string', '2.7', 100],
    ['an exponent string', '1e3', 100],
    ['a hex string', '0x10', 100],
    ['an empty string', '', 100],
    ['a blank string', '   ', 100],
    ['null', null, 100],
    ['undefined (missing)', undefined, 100],
    ['an array', [5], 100],
    ['an object', { value: 5 }, 100],
    ['true', true, 100],
    ['false', false, 100],
    ['NaN', Number.NaN, 100],
    ['Infinity', Number.POSITIVE_INFINITY, 100],
  ])('%s (%p) → %p', (_name, value, expected) => {
    expect(parseEntitiesLimit(value, opts)).toBe(expected);
  });

  it('uses the given default and max', () => {
    expect(parseEntitiesLimit('abc', { defaultValue: 7, max: 50 })).toBe(7);
    expect(parseEntitiesLimit(60, { defaultValue: 7, max: 50 })).toBe(50);
  });
});
