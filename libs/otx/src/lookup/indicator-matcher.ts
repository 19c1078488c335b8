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

  constructor(targets: readonly OtxMatchTarget[]) {
    for (const { kind, value } of targets) {
      let rule = this.rules.find((r) => r.kind === kind);
      if (!rule) {
        const folded = FOLDED_KINDS.has(kind);
        rule = { kind, values: new Set(), byLength: new Map(), folded, ipv6: kind === 'ipv6' };
        this.rules.push(rule);
      }
      rule.values.add(value);
      // An IPv6 address is found by its canonical form; any other value of any kind by its bytes.
      if (rule.ipv6 && isIPv6(value)) continue;
      const wanted = { value, bytes: Buffer.from(value, 'utf8') };
      rule.byLength.set(wanted.bytes.length, [
        ...(rule.byLength.get(wanted.bytes.length) ?? []),
        wanted,
      ]);
    }
  }

  /**
   * The wanted canonical value that the JSON string `buf[start, end)` (between its quotes) stands
   * for, or undefined. `plain`: the bytes hold no escape and no byte over 0x7f.
   */
  match(buf: Buffer, start: number, end: number, plain: boolean): string | undefined {
    if (!plain) return this.matchText(decodeJsonString(buf, start, end));
    const edgeSpace = end > start && (buf[start] === SPACE || buf[end - 1] === SPACE);
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

  private matchPlain(rule: Rule, buf: Buffer, start: number, end: number): string | undefined {
    const candidates = rule.byLength.get(end - start);
    if (candidates) {
      for (const w of candidates) {
        if (rule.folded ? equalFolded(buf, start, w.bytes) : equalBytes(buf, start, w.bytes)) {
          return w.value;
        }
      }
    }
    if (rule.ipv6) {
      const colon = buf.indexOf(COLON, start);
      if (colon !== -1 && colon < end) {
        const value = canonicalIndicator('ipv6', buf.toString('latin1', start, end));
        if (rule.values.has(value)) return value;
      }
    }
    return undefined;
  }
}

/** The value of the JSON string whose content (between its quotes) is `buf[start, end)`. */
export function decodeJsonString(buf: Buffer, start: number, end: number): string {
  return JSON.parse(`"${buf.toString('utf8', start, end)}"`) as string;
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
