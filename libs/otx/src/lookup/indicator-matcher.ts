import { isIPv6 } from 'node:net';
import type { OtxQueryableType } from '../otx.constants';
import { canonicalIndicator } from './otx-canonical.util';
import type { OtxMatchTarget } from './otx-match-target';

const SPACE = 0x20;
// Kinds compared case-insensitively after trimming (contract §6.2): hashes and host names.
const FOLDED_KINDS: ReadonlySet<OtxQueryableType> = new Set([
  'md5',
  'sha1',
  'sha256',
  'domain',
  'hostname',
]);
const COLON = 0x3a;

/** A wanted canonical value and its UTF-8 bytes. */
interface Wanted {
  value: string;
  bytes: Buffer;
}

/** How the records' values are compared for one kind, and its wanted values. */
interface Rule {
  kind: OtxQueryableType;
  values: Set<string>;
  /** Wanted values by byte length, for the byte compare. */
  byLength: Map<number, Wanted[]>;
  /** Hashes, domains and host names: compared case-insensitively, after trimming. */
  folded: boolean;
  /** IPv6: compared in canonical form; any value holding a colon is decoded. */
  ipv6: boolean;
  /** IPv6: the wanted addresses' 16-bit groups, to compare plain addresses without decoding. */
  addresses: { value: string; groups: Uint16Array }[];
}

/**
 * Says which wanted value a pulse record's `indicator` is, in canonical form (contract §11 item
 * 13), straight from the bytes of its JSON string: most records of a page are not wanted, so the
 * common case (plain ASCII, no escape) is decided by length and a byte compare, without making a
 * string. Anything else (escapes, non-ASCII, a space at either end, IPv6 forms) is decoded and
 * put through {@link canonicalIndicator}, exactly as when the page was parsed whole. Kinds are
 * tried in the order their first target came, as the whole-page walk did.
 */
export class IndicatorMatcher {
  private readonly rules: Rule[] = [];
  private readonly groups = new Uint16Array(8);
  private decodeAllIpv6 = false;
  /** Byte lengths of the values compared as bytes: a plain value of another length is none. */
  private readonly lengths = new Set<number>();
  private readonly anyFolded: boolean;
  private readonly anyIpv6: boolean;

  constructor(targets: readonly OtxMatchTarget[]) {
    for (const { kind, value } of targets) {
      let rule = this.rules.find((r) => r.kind === kind);
      if (!rule) {
        const folded = FOLDED_KINDS.has(kind);
        const ipv6 = kind === 'ipv6';
        rule = { kind, values: new Set(), byLength: new Map(), folded, ipv6, addresses: [] };
        this.rules.push(rule);
      }
      rule.values.add(value);
      // An IPv6 address is found by its canonical form; any other value of any kind by its bytes.
      if (rule.ipv6 && isIPv6(value)) {
        const groups = new Uint16Array(8);
        const bytes = Buffer.from(value, 'latin1');
        // A canonical address is always plain; were it not, every record would be decoded.
        if (ipv6Groups(bytes, 0, bytes.length, groups)) rule.addresses.push({ value, groups });
        else this.decodeAllIpv6 = true;
        continue;
      }
      const wanted = { value, bytes: Buffer.from(value, 'utf8') };
      rule.byLength.set(wanted.bytes.length, [
        ...(rule.byLength.get(wanted.bytes.length) ?? []),
        wanted,
      ]);
      this.lengths.add(wanted.bytes.length);
    }
    this.anyFolded = this.rules.some((r) => r.folded);
    this.anyIpv6 = this.rules.some((r) => r.ipv6);
  }

  /**
   * The wanted canonical value that the JSON string `buf[start, end)` (between its quotes) stands
   * for, or undefined. `plain`: the bytes hold no escape and no byte over 0x7f.
   */
  match(buf: Buffer, start: number, end: number, plain: boolean): string | undefined {
    if (!plain) return this.matchText(decodeJsonString(buf, start, end));
    const edgeSpace = end > start && (buf[start] === SPACE || buf[end - 1] === SPACE);
    // Most records: no wanted value has their length, and no kind reads them otherwise.
    if (!this.anyIpv6 && !(this.anyFolded && edgeSpace) && !this.lengths.has(end - start)) {
      return undefined;
    }
    for (const rule of this.rules) {
      // `trim()` would change what is compared: such values take the slow path.
      if (rule.folded && edgeSpace) return this.matchText(buf.toString('latin1', start, end));
      const found = this.matchPlain(rule, buf, start, end);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The same decision for a decoded value, the way the whole-page walk made it. */
  matchText(indicator: string): string | undefined {
    for (const { kind, values } of this.rules) {
      const value = canonicalIndicator(kind, indicator);
      if (values.has(value)) return value;
    }
    return undefined;
  }

  // Called for every record of a page: indexed loops and no closure, so nothing is allocated.
  private matchPlain(rule: Rule, buf: Buffer, start: number, end: number): string | undefined {
    const candidates = rule.byLength.get(end - start);
    if (candidates) {
      for (let k = 0; k < candidates.length; k++) {
        const w = candidates[k];
        if (rule.folded ? equalFolded(buf, start, w.bytes) : equalBytes(buf, start, w.bytes)) {
          return w.value;
        }
      }
    }
    if (rule.ipv6 && hasColon(buf, start, end)) {
      // A plain address (hex groups, at most one `::`) is compared by its 128 bits, which is
      // what its canonical form stands for; any other spelling is decoded.
      if (!this.decodeAllIpv6 && ipv6Groups(buf, start, end, this.groups)) {
        for (let k = 0; k < rule.addresses.length; k++) {
          if (equalGroups(rule.addresses[k].groups, this.groups)) return rule.addresses[k].value;
        }
        return undefined;
      }
      const value = canonicalIndicator('ipv6', buf.toString('latin1', start, end));
      if (rule.values.has(value)) return value;
    }
    return undefined;
  }
}

/** The value of the JSON string whose content (between its quotes) is `buf[start, end)`. */
export function decodeJsonString(buf: Buffer, start: number, end: number): string {
  return JSON.parse(`"${buf.toString('utf8', start, end)}"`) as string;
}

function hasColon(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === COLON) return true;
  return false;
}

// Hex digit values, -1 for any other byte.
const HEX = new Int8Array(256).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX['0123456789abcdef'.charCodeAt(d)] = d;
  HEX['0123456789ABCDEF'.charCodeAt(d)] = d;
}

/**
 * Reads `buf[start, end)` as a plain IPv6 address into `out` (8 groups): 1 to 4 hex digits a
 * group, `:` between them, at most one `::` standing for one group or more. False for anything
 * else (an embedded IPv4, a zone, a space, too many groups), which is left to the full parse.
 */
export function ipv6Groups(buf: Uint8Array, start: number, end: number, out: Uint16Array): boolean {
  let i = start;
  let n = 0;
  let gap = -1;
  if (end - i >= 2 && buf[i] === COLON && buf[i + 1] === COLON) {
    gap = 0;
    i += 2;
  }
  while (i < end) {
    let value = 0;
    const first = i;
    for (let h = HEX[buf[i]]; h >= 0 && i - first < 4; h = HEX[buf[i]]) {
      value = value * 16 + h;
      if (++i === end) break;
    }
    if (i === first || n === 8) return false;
    out[n++] = value;
    if (i === end) break;
    if (buf[i] !== COLON || ++i === end) return false; // a fifth digit, a dot, a trailing `:`
    if (buf[i] === COLON) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    }
  }
  if (gap < 0) return n === 8;
  if (n > 7) return false;
  const tail = n - gap;
  for (let k = 1; k <= tail; k++) out[8 - k] = out[n - k];
  out.fill(0, gap, 8 - tail);
  return true;
}

function equalGroups(a: Uint16Array, b: Uint16Array): boolean {
  for (let k = 0; k < 8; k++) if (a[k] !== b[k]) return false;
  return true;
}

function equalBytes(buf: Buffer, start: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[start + i] !== bytes[i]) return false;
  return true;
}

/** `lower` is lower-case already; `buf`'s ASCII capitals are folded as they are compared. */
function equalFolded(buf: Buffer, start: number, lower: Buffer): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = buf[start + i];
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower[i]) return false;
  }
  return true;
}
