import { canonicalIndicator } from './otx-canonical.util';
import { otxKeyHash } from '../store/otx-key-hash.util';

describe('canonicalIndicator', () => {
  it.each([
    ['md5', ' D41D8CD98F00B204E9800998ECF8427E ', 'd41d8cd98f00b204e9800998ecf8427e'],
    [
      'sha1',
      'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    ],
    ['sha256', 'E3B0C442', 'e3b0c442'],
    ['domain', 'Example.ORG', 'example.org'],
    ['domain', '\tmail.Example.org ', 'mail.example.org'],
    ['hostname', ' WWW.Example.org', 'www.example.org'],
    // IDNs are sent and compared in punycode.
    ['domain', 'bücher.example', 'xn--bcher-kva.example'],
    ['domain', ' Пример.РФ ', 'xn--e1afmkfd.xn--p1ai'],
    ['hostname', 'www.BÜCHER.example', 'www.xn--bcher-kva.example'],
    ['domain', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    // Not names URL parsing could take whole: converting would cut or rewrite them.
    ['domain', 'домен/x', 'домен/x'],
    ['domain', 'ü.1', 'ü.1'],
    ['domain', '0x7F.1', '0x7f.1'],
  ] as const)('%s %j is %j (trimmed, lower-cased, IDNs in punycode)', (type, value, expected) => {
    expect(canonicalIndicator(type, value)).toBe(expected);
  });

  it.each([
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:4860:4860:0:0:0:0:8888', '2001:4860:4860::8888'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    [' 2001:db8::1 ', '2001:db8::1'],
  ])('ipv6 %j is %j', (value, expected) => {
    expect(canonicalIndicator('ipv6', value)).toBe(expected);
  });

  it.each(['not-an-ip', '1.2.3.4', 'fe80::1%eth0', '2001:db8::1::2', ' Weird '])(
    'an unparsable ipv6 value %j stays as given',
    (value) => {
      expect(canonicalIndicator('ipv6', value)).toBe(value);
    },
  );

  it.each([
    ['ip', ' 10.0.0.1'],
    ['url', 'HTTP://Example.org/A '],
  ] as const)('%s %j is unchanged', (type, value) => {
    expect(canonicalIndicator(type, value)).toBe(value);
  });
});

describe('otxKeyHash', () => {
  it('is stable, 32 hex digits, and different per key', () => {
    expect(otxKeyHash('key-a')).toMatch(/^[0-9a-f]{32}$/);
    expect(otxKeyHash('key-a')).toBe(otxKeyHash('key-a'));
    expect(otxKeyHash('key-a')).not.toBe(otxKeyHash('key-b'));
  });

  it('is a keyed hash, not a plain SHA-256 of the key', () => {
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const plain = createHash('sha256').update('key-a').digest('hex');
    expect(plain.startsWith(otxKeyHash('key-a'))).toBe(false);
    expect(otxKeyHash('key-a')).not.toContain('key-a');
  });

  it('is the HMAC-SHA256 under the fixed namespace, from memory or not', () => {
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const hmac = (key: string) =>
      createHmac('sha256', 'otx-relay/otx-api-key/v1').update(key).digest('hex').slice(0, 32);
    for (let i = 0; i < 1100; i++) expect(otxKeyHash(`key-${i}`)).toBe(hmac(`key-${i}`));
    expect(otxKeyHash('key-0')).toBe(hmac('key-0'));
  });
});
