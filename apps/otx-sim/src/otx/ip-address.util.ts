import { isIPv4, isIPv6 } from 'node:net';

// Ranges OTX refuses (docs/otx-api.md §2.3): private, loopback and link-local IPv4 space.
const REFUSED_V4: readonly [number, number][] = [
  [0x0a000000, 8], // 10.0.0.0/8
  [0x7f000000, 8], // 127.0.0.0/8
  [0xac100000, 12], // 172.16.0.0/12
  [0xc0a80000, 16], // 192.168.0.0/16
  [0xa9fe0000, 16], // 169.254.0.0/16
];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** True for an IPv4 address OTX answers 400 for (private, loopback, link-local). */
export function isRefusedIpv4(ip: string): boolean {
  const n = ipv4ToInt(ip);
  return REFUSED_V4.some(
    ([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === net / 2 ** (32 - bits),
  );
}

/** True for a dotted-quad IPv4 address (no leading zeros, as `node:net` checks). */
export function isValidIpv4(value: string): boolean {
  return isIPv4(value);
}

/**
 * The form OTX echoes an IPv6 address in: eight groups, lower-case, no leading zeros and no
 * `::` compression (`2001:db8::10` → `2001:db8:0:0:0:0:0:10`). Undefined when not IPv6.
 */
export function expandIpv6(value: string): string | undefined {
  if (!isIPv6(value)) return undefined;
  let text = value.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups in disguise.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToInt(v4[1]);
    text = `${text.slice(0, v4.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros =
    tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups]
    .map((g) => parseInt(g, 16).toString(16))
    .join(':');
}
