import { createHash } from 'node:crypto';
import type { SimIndicatorType, SimObservable } from '../fixtures/sim-corpus.types';

/** Types of the bench corpus, in the order observable `k` takes them (`k % 7`). */
export const BENCH_TYPES = ['ip', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256'] as const;

/** One of `BENCH_TYPES`. */
export type BenchObservableType = (typeof BENCH_TYPES)[number];

/** Largest `benchObservables` accepted: keeps every IPv6 suffix within one 16-bit group. */
export const MAX_BENCH_OBSERVABLES = 100_000;

/** Largest `benchPulses` accepted (`general` lists at most `pulsesCap` of them anyway). */
export const MAX_BENCH_PULSES = 100;

/** Largest heavy bench pulse (`benchPulseSize`) accepted. */
export const MAX_BENCH_PULSE_SIZE = 100_000;

/** The pulse-indicator type that holds each bench observable type. */
export const BENCH_INDICATOR_TYPE: Readonly<Record<BenchObservableType, SimIndicatorType>> = {
  ip: 'IPv4',
  ipv6: 'IPv6',
  domain: 'domain',
  url: 'URL',
  md5: 'FileHash-MD5',
  sha1: 'FileHash-SHA1',
  sha256: 'FileHash-SHA256',
};

const hash = (algorithm: string, m: number) =>
  createHash(algorithm).update(`otx-sim/bench/${m}`).digest('hex');

/**
 * Bench observable number `k` (0-based): types rotate through `BENCH_TYPES`, and `m`, the
 * position within its type, picks the value. IPv4 comes from 198.18.0.0/15 (RFC 2544,
 * reserved for benchmarks), IPv6 from 2001:db8::/32, names end in `.example` (domains are
 * `bench-host-<m>.example`, URLs on `host-<m>.bench.example`), and hashes are digests of a fixed
 * string, so no value is real or shared with the fixtures.
 */
export function benchObservable(k: number): SimObservable & { type: BenchObservableType } {
  const type = BENCH_TYPES[k % BENCH_TYPES.length];
  const m = Math.floor(k / BENCH_TYPES.length) + 1;
  switch (type) {
    case 'ip':
      return { type, value: `198.18.${m >> 8}.${m & 255}` };
    case 'ipv6':
      return { type, value: `2001:db8:be::${m.toString(16)}` };
    case 'domain':
      // Two labels: a domain with more is looked up in OTX's hostname section instead.
      return { type, value: `bench-host-${m}.example` };
    case 'url':
      return { type, value: `http://host-${m}.bench.example/payload/${m}.bin?id=${m}` };
    default:
      return { type, value: hash(type, m) };
  }
}

/** The first `n` bench observables, each exactly `{type, value}`. */
export function benchObservables(n: number): (SimObservable & { type: BenchObservableType })[] {
  return Array.from({ length: n }, (_, k) => benchObservable(k));
}
