import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import { canonicalIndicator } from './otx-canonical.util';
import { IndicatorMatcher, ipv6Groups } from './indicator-matcher';
import { matchTarget } from './otx-match-target';

const groupsOf = (text: string): Uint16Array | undefined => {
  const out = new Uint16Array(8);
  const bytes = Buffer.from(text, 'latin1');
  return ipv6Groups(bytes, 0, bytes.length, out) ? out : undefined;
};

/** An IPv6 address spelt any way OTX or a caller might: case, leading zeros, `::`, IPv4 tail. */
const ipv6Spelling = fc
  .record({
    groups: fc.array(
      fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffff })),
      {
        minLength: 8,
        maxLength: 8,
      },
    ),
    upper: fc.boolean(),
    pad: fc.boolean(),
    gap: fc.option(fc.tuple(fc.nat(7), fc.integer({ min: 1, max: 8 }))),
    ipv4Tail: fc.boolean(),
  })
  .map(({ groups, upper, pad, gap, ipv4Tail }) => {
    let parts = groups.map((g) => {
      const hex = pad ? g.toString(16).padStart(4, '0') : g.toString(16);
      return upper ? hex.toUpperCase() : hex;
    });
    if (ipv4Tail) {
      const [a, b] = [groups[6], groups[7]];
      parts = [...parts.slice(0, 6), `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`];
    }
    if (gap) {
      // Leave out a run of groups (zero or not: a wrong address is a fine input too).
      const [at, length] = gap;
      const end = Math.min(parts.length, at + length);
      return `${parts.slice(0, at).join(':')}::${parts.slice(end).join(':')}`;
    }
    return parts.join(':');
  });

/** Strings near IPv6: its alphabet, and stray characters. */
const nearIpv6 = fc.string({
  unit: fc.constantFrom(...'0123456789abcdefABCDEF:::.% g'.split('')),
  maxLength: 45,
});

describe(ipv6Groups.name, () => {
  it.each([
    ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
    ['2001:DB8::a:0b', [0x2001, 0xdb8, 0, 0, 0, 0, 0xa, 0xb]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['ffff:0000:0:00:000:0:1:ABCD', [0xffff, 0, 0, 0, 0, 0, 1, 0xabcd]],
  ])('reads %s', (text, groups) => {
    expect([...(groupsOf(text) ?? [])]).toEqual(groups);
  });

  it.each([
    '',
    ':',
    ':1',
    '1:',
    ':::',
    '1:::2',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8',
    '12345::',
    '::ffff:203.0.113.7',
    'fe80::1%eth0',
    ' ::1',
    '::g',
  ])('leaves %j to the full parse', (text) => {
    expect(groupsOf(text)).toBeUndefined();
  });

  it('reads only valid addresses, to the 128 bits their canonical form stands for', () => {
    fc.assert(
      fc.property(fc.oneof(ipv6Spelling, nearIpv6), (text) => {
        const groups = groupsOf(text);
        if (groups === undefined) return;
        expect(isIPv6(text)).toBe(true);
        expect(groupsOf(canonicalIndicator('ipv6', text))).toEqual(groups);
      }),
      { numRuns: 5000 },
    );
  });
});

describe(IndicatorMatcher.name, () => {
  it('decides IPv6 records as their decoded canonical form does', () => {
    fc.assert(
      fc.property(
        fc.array(ipv6Spelling, { minLength: 1, maxLength: 3 }),
        fc.oneof(ipv6Spelling, nearIpv6),
        (wanted, record) => {
          const matcher = new IndicatorMatcher(wanted.map((w) => matchTarget('ipv6', w)));
          const bytes = Buffer.from(`xx${record}yy`, 'latin1');
          const plain = matcher.match(bytes, 2, bytes.length - 2, true);
          expect(plain).toBe(matcher.matchText(record));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds an IPv6 record written in another form than the target', () => {
    const matcher = new IndicatorMatcher([matchTarget('ipv6', '2001:DB8:0:0:0:0:0:1')]);
    const record = Buffer.from('2001:0db8::0001');
    expect(matcher.match(record, 0, record.length, true)).toBe('2001:db8::1');
    const other = Buffer.from('2001:db8::2');
    expect(matcher.match(other, 0, other.length, true)).toBeUndefined();
  });
});
