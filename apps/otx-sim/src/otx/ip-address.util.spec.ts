import { expandIpv6, isRefusedIpv4, isValidIpv4 } from './ip-address.util';

describe('ip-address.util', () => {
  it.each([
    ['2001:4860:4860::8888', '2001:4860:4860:0:0:0:0:8888'],
    ['2001:db8::10', '2001:db8:0:0:0:0:0:10'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['::', '0:0:0:0:0:0:0:0'],
    ['fe80::', 'fe80:0:0:0:0:0:0:0'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0010', '2001:db8:0:0:0:0:0:10'],
    ['::ffff:198.51.100.7', '0:0:0:0:0:ffff:c633:6407'],
    ['2001:14ba:1f00:0:1117:e76e:843d:f803', '2001:14ba:1f00:0:1117:e76e:843d:f803'],
  ])('expands %s to %s', (input, expected) => {
    expect(expandIpv6(input)).toBe(expected);
  });

  it.each(['2001:db8::1::2', '198.51.100.7', 'not-an-ip', '12345::'])(
    'refuses %s as IPv6',
    (input) => {
      expect(expandIpv6(input)).toBeUndefined();
    },
  );

  it.each([
    ['10.1.2.3', true],
    ['127.0.0.1', true],
    ['172.16.0.0', true],
    ['172.31.255.255', true],
    ['172.32.0.0', false],
    ['172.15.255.255', false],
    ['192.168.0.1', true],
    ['192.169.0.1', false],
    ['169.254.1.1', true],
    ['198.51.100.10', false],
    ['11.0.0.1', false],
  ])('isRefusedIpv4(%s) is %s', (ip, refused) => {
    expect(isRefusedIpv4(ip)).toBe(refused);
  });

  it('validates dotted quads', () => {
    expect(isValidIpv4('203.0.113.7')).toBe(true);
    expect(isValidIpv4('203.0.113')).toBe(false);
    expect(isValidIpv4('256.0.0.1')).toBe(false);
  });
});
