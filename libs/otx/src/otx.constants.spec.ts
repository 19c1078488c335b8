import { isOtxQueryableType, OTX_QUERYABLE_TYPES, OTX_SECTION_BY_TYPE } from './otx.constants';

describe('OTX queryable types', () => {
  it.each(['ip', 'ipv6', 'domain', 'hostname', 'url', 'md5', 'sha1', 'sha256'])(
    '%s is queryable',
    (t) => {
      expect(isOtxQueryableType(t)).toBe(true);
    },
  );

  it.each(['email', 'IP', 'Hostname', 'device', '', 'toString'])('%j is not', (t) => {
    expect(isOtxQueryableType(t)).toBe(false);
  });

  it('maps each type to its OTX section (contract §6.1)', () => {
    expect(OTX_QUERYABLE_TYPES.map((t) => OTX_SECTION_BY_TYPE[t])).toEqual([
      'IPv4',
      'IPv6',
      'domain',
      'hostname',
      'url',
      'file',
      'file',
      'file',
    ]);
  });
});
