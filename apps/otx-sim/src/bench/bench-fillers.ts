import { createHash } from 'node:crypto';
import type { SimIndicatorType } from '../fixtures/sim-corpus.types';

const HASH_ALGORITHM: Partial<Record<SimIndicatorType, string>> = {
  'FileHash-MD5': 'md5',
  'FileHash-SHA1': 'sha1',
  'FileHash-SHA256': 'sha256',
};

// Hashes cost a digest each: made once per number, shared by every pulse.
const hashes = new Map<string, string[]>();

/**
 * Filler number `f` of a heavy bench pulse of `type`: a value of that type that is no bench
 * observable and no fixture value. IPv4 from 100.64.0.0/10 (RFC 6598, apart from the
 * observables' 198.18.0.0/15), IPv6 from 2001:db8:f00::/48, names under `.example` with a
 * `filler-` label, hashes digests of a fixed string. The same `f` gives the same value in every
 * pulse, as scanner feeds share their addresses.
 */
export function fillerValue(type: SimIndicatorType, f: number): string {
  switch (type) {
    case 'IPv4':
      return `100.${64 + (f >> 16)}.${(f >> 8) & 255}.${f & 255}`;
    case 'IPv6':
      return f < 0x10000
        ? `2001:db8:f00::${f.toString(16)}`
        : `2001:db8:f00::${(f >> 16).toString(16)}:${(f & 0xffff).toString(16)}`;
    case 'domain':
    case 'hostname':
      return `filler-${f}.example`;
    case 'URL':
      return `http://filler-${f % 1000}.example/payload/${f}.bin`;
    default: {
      const algorithm = HASH_ALGORITHM[type] ?? 'sha256';
      let known = hashes.get(algorithm);
      if (!known) hashes.set(algorithm, (known = []));
      for (let m = known.length; m <= f; m++) {
        known.push(createHash(algorithm).update(`otx-sim/bench-filler/${m}`).digest('hex'));
      }
      return known[f];
    }
  }
}
