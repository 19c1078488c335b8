import fc from 'fast-check';
import { CTIM_TLPS, normaliseTlp } from './tlp';

describe(normaliseTlp.name, () => {
  it.each([
    ['white', 'white'],
    ['WHITE', 'white'],
    [' Green ', 'green'],
    ['Amber', 'amber'],
    ['red', 'red'],
    // TLP 2.0 labels, with and without the TLP: prefix.
    ['clear', 'white'],
    ['TLP:CLEAR', 'white'],
    ['amber+strict', 'amber'],
    ['TLP:AMBER+STRICT', 'amber'],
    ['tlp: green', 'green'],
  ])('%j → %j', (value, expected) => {
    expect(normaliseTlp(value)).toBe(expected);
  });

  it.each<unknown>(['', 'purple', 'amber strict', 'TLP', 'TLP:', 'whitе', null, undefined, 1, {}])(
    '%p → null',
    (value) => {
      expect(normaliseTlp(value)).toBeNull();
    },
  );

  it('gives one of the four CTIM values or null for anything', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
        const tlp = normaliseTlp(value);
        expect(tlp === null || CTIM_TLPS.includes(tlp)).toBe(true);
      }),
    );
  });
});
