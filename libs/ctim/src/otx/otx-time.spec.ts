import fc from 'fast-check';
import { anyText, instant, otxTimeText, wrongType } from './fixtures/otx-arbitraries';
import { otxTimeSpan, otxTimeToCtim, otxTimeToEpochMs } from './otx-time';

describe(otxTimeToCtim.name, () => {
  it.each([
    // Naive OTX strings are UTC; no fraction keeps the contract's `…:SSZ` form (§6.5).
    ['1970-01-05T00:00:00', '1970-01-05T00:00:00Z'],
    ['2019-02-11T10:55:29', '2019-02-11T10:55:29Z'],
    // Fractional seconds: milliseconds, cut rather than rounded.
    ['2021-05-05T10:11:12.123000', '2021-05-05T10:11:12.123Z'],
    ['2021-05-05T10:11:12.000000', '2021-05-05T10:11:12.000Z'],
    ['2021-05-05T23:59:59.9999999', '2021-05-05T23:59:59.999Z'],
    ['2021-05-05T10:11:12,5', '2021-05-05T10:11:12.500Z'],
    // Zoned: converted to UTC.
    ['2021-05-05T10:11:12Z', '2021-05-05T10:11:12Z'],
    ['2021-05-05T10:11:12.5z', '2021-05-05T10:11:12.500Z'],
    ['2021-05-05T10:11:12+02:00', '2021-05-05T08:11:12Z'],
    ['2021-05-05T10:11:12-0500', '2021-05-05T15:11:12Z'],
    ['2021-05-05T01:00:00+02', '2021-05-04T23:00:00Z'],
    ['2021-05-05 10:11:12+02:00', '2021-05-05T08:11:12Z'],
    ['2021-05-05t10:11:12', '2021-05-05T10:11:12Z'],
    [' 2021-05-05T10:11:12 ', '2021-05-05T10:11:12Z'],
    // Partial: a date alone is midnight UTC, missing seconds are zero.
    ['1970-01-05', '1970-01-05T00:00:00Z'],
    ['2021-05-05T10:11', '2021-05-05T10:11:00Z'],
    // Leap day, and the ends of the four-digit years.
    ['2020-02-29T00:00:00', '2020-02-29T00:00:00Z'],
    ['0000-01-01T00:00:00', '0000-01-01T00:00:00Z'],
    ['9999-12-31T23:59:59.999', '9999-12-31T23:59:59.999Z'],
  ])('%j → %j', (value, expected) => {
    expect(otxTimeToCtim(value)).toBe(expected);
  });

  it.each<unknown>([
    '2021-13-45T10:11:12Z',
    '2021-02-29T00:00:00',
    '2021-04-31T00:00:00',
    '2021-00-10T00:00:00',
    '2021-05-05T24:00:00',
    '2021-05-05T10:60:00',
    '2021-05-05T10:11:60',
    '2021-05-05T10:11:12+24:00',
    '2021-05-05T10:11:12+02:60',
    '+275760-09-13T00:00:01Z',
    '0000-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-00:01',
    '2021-05-05T10:11:12ZZ',
    '2021-5-5T10:11:12',
    'not a date',
    '',
    null,
    undefined,
    0,
    1620209472000,
    {},
    ['2021-05-05T10:11:12'],
  ])('%p → null', (value) => {
    expect(otxTimeToCtim(value)).toBeNull();
  });
});

describe(otxTimeSpan.name, () => {
  it('keeps an end equal to or after the start', () => {
    expect(otxTimeSpan('1970-01-05T00:00:00', '1970-01-06T00:00:00')).toStrictEqual({
      start_time: '1970-01-05T00:00:00Z',
      end_time: '1970-01-06T00:00:00Z',
    });
    expect(otxTimeSpan('2021-01-01T10:00:00', '2021-01-01T12:00:00+02:00')).toStrictEqual({
      start_time: '2021-01-01T10:00:00Z',
      end_time: '2021-01-01T10:00:00Z',
    });
  });

  it.each<unknown>(['2021-01-01T09:59:59.999', '2020-12-31', 'bad', null, undefined, ''])(
    'drops the end %p when it is earlier or unreadable',
    (end) => {
      expect(otxTimeSpan('2021-01-01T10:00:00', end)).toStrictEqual({
        start_time: '2021-01-01T10:00:00Z',
      });
    },
  );

  it('compares instants, not strings (a fraction sorts before `Z`)', () => {
    expect(otxTimeSpan('2021-01-01T10:00:00', '2021-01-01T10:00:00.500')).toStrictEqual({
      start_time: '2021-01-01T10:00:00Z',
      end_time: '2021-01-01T10:00:00.500Z',
    });
  });

  it('is null when the start does not parse', () => {
    expect(otxTimeSpan('bad', '2021-01-01T10:00:00')).toBeNull();
  });
});

describe('otxTimeToCtim, for any input', () => {
  const CTIM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

  it('never throws, and gives null or a UTC time in one of the two forms', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, otxTimeText, wrongType), (value) => {
        const out = otxTimeToCtim(value);
        if (out !== null) expect(out).toMatch(CTIM_TIME);
      }),
    );
  });

  it('reads back the instant OTX wrote, in every style', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const iso = new Date(ms).toISOString();
        expect(otxTimeToCtim(iso.slice(0, 19))).toBe(`${iso.slice(0, 19)}Z`);
        expect(otxTimeToCtim(`${iso.slice(0, 23)}000`)).toBe(iso);
      }),
    );
  });

  it('converts any offset to the same UTC instant', () => {
    fc.assert(
      fc.property(otxTimeText, (text) => {
        const out = otxTimeToCtim(text);
        expect(out).not.toBeNull();
        // Date.parse reads the zoned forms; naive forms are UTC by definition.
        const zoned = /(?:Z|[+-]\d{2}:\d{2})$/.test(text) || text.length === 10;
        expect(Date.parse(out!)).toBe(Date.parse(zoned ? text : `${text}Z`));
      }),
    );
  });
});

describe(otxTimeToEpochMs.name, () => {
  it.each<[unknown, number | null]>([
    ['2024-01-19T08:41:12.517000', Date.UTC(2024, 0, 19, 8, 41, 12, 517)],
    ['2024-01-19T10:41:12+02:00', Date.UTC(2024, 0, 19, 8, 41, 12)],
    ['2024-01-19', Date.UTC(2024, 0, 19)],
    ['2021-02-30T00:00:00', null],
    ['', null],
    [null, null],
    [1705653672517, null],
  ])('%j → %j', (value, expected) => {
    expect(otxTimeToEpochMs(value)).toBe(expected);
  });

  it('agrees with otxTimeToCtim for any input', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, otxTimeText, wrongType), (value) => {
        const ctim = otxTimeToCtim(value);
        expect(otxTimeToEpochMs(value)).toBe(ctim === null ? null : Date.parse(ctim));
      }),
    );
  });
});
