import { otxTimeToCtim } from './otx-time';

describe(otxTimeToCtim.name, () => {
  it.each([
    // Naive OTX strings: `Z` appended, the rest unchanged (contract §7.5).
    ['2021-05-05T10:11:12.123000', '2021-05-05T10:11:12.123000Z'],
    ['1970-01-05T00:00:00', '1970-01-05T00:00:00Z'],
    ['2019-02-11T10:55:29', '2019-02-11T10:55:29Z'],
    // Already zoned and parsable: re-serialised as UTC.
    ['2021-05-05T10:11:12Z', '2021-05-05T10:11:12.000Z'],
    ['2021-05-05T10:11:12.5z', '2021-05-05T10:11:12.500Z'],
    ['2021-05-05T10:11:12+02:00', '2021-05-05T08:11:12.000Z'],
    ['2021-05-05T10:11:12-0500', '2021-05-05T15:11:12.000Z'],
    ['2021-05-05 10:11:12+02:00', '2021-05-05T08:11:12.000Z'],
    // Anything else gets `Z` appended, as the original did.
    ['2021-13-45T10:11:12Z', '2021-13-45T10:11:12ZZ'],
    ['+275760-09-13T00:00:01Z', '+275760-09-13T00:00:01ZZ'],
    ['1970-01-05', '1970-01-05Z'],
    ['not a date', 'not a dateZ'],
    ['', 'Z'],
  ])('%j → %j', (value, expected) => {
    expect(otxTimeToCtim(value)).toBe(expected);
  });
});
