import fc from 'fast-check';
import { CTIM_TLPS, isTlpWithin, mostRestrictiveTlp, normaliseTlp, type CtimTlp } from './tlp';

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

describe(isTlpWithin.name, () => {
  const order: CtimTlp[] = ['white', 'green', 'amber', 'red'];
  it.each(order.flatMap((tlp, i) => order.map((max, j) => [tlp, max, i <= j] as const)))(
    '%s within %s: %s',
    (tlp, max, within) => {
      expect(isTlpWithin(tlp, max)).toBe(within);
    },
  );
});

describe(mostRestrictiveTlp.name, () => {
  it.each<[CtimTlp[], CtimTlp | null]>([
    [[], null],
    [['white'], 'white'],
    [['white', 'green'], 'green'],
    [['green', 'amber', 'white'], 'amber'],
    [['amber', 'red', 'green'], 'red'],
    [['red', 'white'], 'red'],
  ])('%j → %j', (tlps, most) => {
    expect(mostRestrictiveTlp(tlps)).toBe(most);
    expect(mostRestrictiveTlp(new Set(tlps))).toBe(most);
  });
});
