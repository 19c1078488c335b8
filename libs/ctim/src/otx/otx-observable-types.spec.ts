import { OTX_OBSERVABLE_META, isOtxObservableType } from './otx-observable-types';

describe('OTX_OBSERVABLE_META', () => {
  it('holds the contract §6.1 table, plus hostname (issue 12)', () => {
    expect(OTX_OBSERVABLE_META).toStrictEqual({
      ip: { name: 'IP', category: 'ip' },
      ipv6: { name: 'IPv6', category: 'ip' },
      domain: { name: 'domain', category: 'domain' },
      hostname: { name: 'hostname', category: 'hostname' },
      url: { name: 'URL', category: 'url' },
      md5: { name: 'MD5', category: 'file' },
      sha1: { name: 'SHA1', category: 'file' },
      sha256: { name: 'SHA256', category: 'file' },
      email: { name: 'email', category: 'email' },
    });
  });
});

describe(isOtxObservableType.name, () => {
  it.each(['ip', 'ipv6', 'domain', 'hostname', 'url', 'md5', 'sha1', 'sha256', 'email'])(
    'accepts %s',
    (t) => expect(isOtxObservableType(t)).toBe(true),
  );

  it.each(['IP', 'Domain', 'Hostname', 'device', 'user', '', 'toString', '__proto__', 'ip '])(
    'rejects %j',
    (t) => expect(isOtxObservableType(t)).toBe(false),
  );
});
