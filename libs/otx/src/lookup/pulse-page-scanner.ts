import { LRUCache } from 'lru-cache';
import type { OtxBodyReader } from '../http/otx.transport';
import { OtxException } from '../otx.exception';
import type { OtxPulseIndicator } from '../otx.types';
import { decodeJsonString, IndicatorMatcher } from './indicator-matcher';

// Tokenizer states.
const S_VALUE = 0; // a value is expected
const S_ARRAY_FIRST = 1; // after `[`: a value or `]`
const S_OBJECT_FIRST = 2; // after `{`: a key or `}`
const S_KEY = 3; // after `,` in an object: a key
const S_COLON = 4; // after a key
const S_AFTER_VALUE = 5; // `,` or the end of the enclosing container
const S_STRING = 6;
const S_ESCAPE = 7; // after `\` in a string
const S_UNICODE = 8; // in the 4 hex digits of `\u`
const S_NUMBER = 9;
const S_LITERAL = 10; // true, false, null
const S_DONE = 11; // the root value is closed: only whitespace may follow

const OBJECT = 1;
const ARRAY = 2;

// What the string being read is to the page.
const R_OTHER = 0; // a value nobody reads
const R_KEY = 1; // a key nobody reads
const R_ROOT_KEY = 2;
const R_RECORD_KEY = 3;
const R_NEXT = 4; // the value of the root's `next`
const R_INDICATOR = 5; // the value of a record's `indicator`

// Which root key's value comes next.
const K_OTHER = 0;
const K_RESULTS = 1;
const K_NEXT = 2;

// Byte classes inside a string: 0 plain ASCII, 1 ends the run (`"`, `\`, control), 2 over 0x7f.
const STRING_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_CLASS[c] = 1;
STRING_CLASS[0x22] = 1;
STRING_CLASS[0x5c] = 1;
STRING_CLASS.fill(2, 0x80);

const IS_HEX = new Uint8Array(256);
for (const c of Buffer.from('0123456789abcdefABCDEF', 'latin1')) IS_HEX[c] = 1;
// Bytes that end a number or literal.
const IS_VALUE_END = new Uint8Array(256);
for (const c of Buffer.from(',}] \n\r\t', 'latin1')) IS_VALUE_END[c] = 1;

const ESCAPABLE = new Uint8Array(256);
for (const c of Buffer.from('"\\/bfnrtu', 'latin1')) ESCAPABLE[c] = 1;

const WORD_RESULTS = Buffer.from('results');
const WORD_NEXT = Buffer.from('next');
const WORD_INDICATOR = Buffer.from('indicator');
const WORD_TRUE = Buffer.from('true');
const WORD_FALSE = Buffer.from('false');
const WORD_NULL = Buffer.from('null');
// The fast path names true and false directly: no keyed lookup per value.
const LITERALS: Record<number, Buffer> = {
  0x74: WORD_TRUE,
  0x66: WORD_FALSE,
  0x6e: WORD_NULL,
};

// What a RecordShape says when it read no record.
const T_MISMATCH = -1; // the record is not of the shape (or has an escape, or a byte over 0x7f)
const T_CHUNK_END = -2; // the record goes on in the next chunk
/** Shapes learned per page: a page whose records keep changing shape is read token by token. */
const SHAPE_LEARNS = 4;
/** Records in a row not of the shape after which it is dropped and another learned. */
const SHAPE_MISSES = 4;
// A record with more bytes between its values, or more values, is not learned as a shape: its
// compiled function would be large, slow to compile and kept by the cache.
const SHAPE_MAX_BYTES = 4096;
export const SHAPE_MAX_VALUES = 64;

/**
 * The shape of a page's records, learned from one the tokenizer read whole: the bytes between
 * its scalar values (`{"id":`, `,"indicator":`, …, `}`). OTX writes every record of a page with
 * the same keys in the same order, so most records are read as a few comparisons with those
 * bytes and one short scan per value, with no token-by-token state. The comparisons are compiled
 * into a function of their own ({@link compileShape}), the bytes as constants in it.
 *
 * Reads the record at `p` of `b` (`v` over the same bytes; `n` bytes readable): where it ends
 * (after its `}`), with its own `indicator` string's content at `[out[0], out[1])` (`out[0]` -1
 * when it has none); or T_MISMATCH, T_CHUNK_END.
 */
type RecordShape = (b: Uint8Array, v: DataView, p: number, n: number, out: Int32Array) => number;

/** A matching record that could not be used: it fails alone, not its page or pulse. */
export interface RecordFailure {
  value: string;
  detail: string;
}

/** What a scanned page said about the wanted values. */
export interface ScannedPage {
  /** Canonical value → the first usable record (in page order) that matched it. */
  matches: Map<string, OtxPulseIndicator>;
  /** Values whose only matching records on this page were unusable. */
  failures: RecordFailure[];
  /** OTX's link to the next page; null on the last one (anything but a non-empty string). */
  next: string | null;
  /** False when the rest of the page was left unread because it could not change the answer. */
  readToEnd: boolean;
}

const ENDPOINT = 'pulse-indicators';
const notJson = () => new OtxException('BAD_RESPONSE', ENDPOINT, 'response is not JSON');

/**
 * Reads a `/api/v1/pulses/{id}/indicators` page as its bytes arrive, without building it: a JSON
 * tokenizer that keeps only what the walk uses — each record's `indicator` (compared as bytes by
 * an {@link IndicatorMatcher}), the matching records (each parsed alone), and the root's `next`.
 * It checks the whole grammar of what it reads, so a malformed page fails as it did when it was
 * `JSON.parse`d, and keeps JSON.parse's reading of a duplicate key (the last one counts). Records
 * of the shape of one already read go faster, by a {@link RecordShape}.
 *
 * Memory: the chunk being read, plus the bytes of the record or string in progress.
 */
export class PulsePageScanner implements OtxBodyReader<ScannedPage> {
  private state = S_VALUE;
  /** Container kinds, index = depth - 1. */
  private stack = new Uint8Array(64);
  private depth = 0;
  private readonly matches = new Map<string, OtxPulseIndicator>();
  private readonly failed = new Map<string, string>();

  // Chunks still needed by the record or string in progress, and their global offsets.
  private chunks: Buffer[] = [];
  private chunkStart: number[] = [];
  /** Global offset of the chunk being read. */
  private offset = 0;

  // The string in progress: its role, where its content starts (global), whether it is plain.
  private role = R_OTHER;
  private stringStart = 0;
  private plain = true;
  private unicodeLeft = 0;
  // The number or literal in progress.
  private numberState = 0;
  private literal: Buffer = LITERALS[0x6e];
  private literalAt = 0;

  private rootIsObject = false;
  private rootKey = K_OTHER;
  /** Whether the root's `results` (the last one, as JSON.parse keeps it) is an array. */
  private resultsIsArray = false;
  /** The `results` array is open: objects opened in it are records. */
  private inResults = false;
  private next: string | null = null;
  private nextKnown = false;

  // The record in progress (an object directly in `results`); -1 when none.
  private recordStart = -1;
  private recordKeyIsIndicator = false;
  private indicatorStart = -1; // -1: no string `indicator` (yet)
  private indicatorEnd = 0;
  private indicatorPlain = true;

  // The records' shape, once learned (see RecordShape), and where it puts the indicator.
  private shape: RecordShape | null = null;
  private learnsLeft = SHAPE_LEARNS;
  private shapeMisses = 0;
  private readonly shapeOut = new Int32Array(2);

  constructor(
    private readonly matcher: IndicatorMatcher,
    /** How many distinct values are wanted: once all are matched the rest can be skipped. */
    private readonly wanted: number,
  ) {}

  /**
   * True once every wanted value is matched: reading on changes nothing, since the walk stops at
   * this page whatever `next` says (the key may come before the results or after them).
   */
  get satisfied(): boolean {
    return this.wanted > 0 && this.matches.size >= this.wanted;
  }

  /**
   * Reads the next bytes of the page; true once {@link satisfied}.
   * @throws OtxException BAD_RESPONSE when the bytes so far cannot be a JSON page.
   */
  push(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.chunkStart.push(this.offset);
    this.scan(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    this.offset += chunk.length;
    this.releaseChunks();
    return this.satisfied;
  }

  /** The page once its last byte is read. @throws OtxException BAD_RESPONSE */
  end(): ScannedPage {
    if (this.state === S_NUMBER) this.endNumber();
    if (this.state !== S_DONE) throw notJson();
    if (!this.rootIsObject) {
      throw new OtxException('BAD_RESPONSE', ENDPOINT, 'response is not a JSON object');
    }
    if (!this.resultsIsArray) {
      throw new OtxException('BAD_RESPONSE', ENDPOINT, 'page has no results list');
    }
    return this.result(true);
  }

  /** The page as far as it was read, once {@link satisfied}. */
  stop(): ScannedPage {
    return this.result(false);
  }

  private result(readToEnd: boolean): ScannedPage {
    const failures = [...this.failed]
      .filter(([value]) => !this.matches.has(value))
      .map(([value, detail]) => ({ value, detail }));
    return { matches: this.matches, failures, next: this.next, readToEnd };
  }

  /**
   * One pass over a chunk. The common tokens of a record (keys, short values, punctuation) are
   * handled inline; only the rare ones (the page's own keys, a record's start and end, an
   * `indicator`) call out.
   */
  private scan(buf: Uint8Array): void {
    const n = buf.length;
    const view = new DataView(buf.buffer, buf.byteOffset, n);
    let i = 0;
    while (i < n) {
      if (this.inResults && this.state <= S_AFTER_VALUE) {
        i = this.scanResults(buf, view, i);
        if (i === n) return;
      }
      let c = buf[i];
      switch (this.state) {
        case S_STRING: {
          // The run of ordinary bytes: most of a page.
          if (this.role <= R_KEY) {
            // Bytes over 0x7f stop plainEnd, not the string: go on past them.
            for (;;) {
              i = plainEnd(buf, view, i, n);
              if (i === n || buf[i] < 0x80) break;
              i++;
            }
            if (i === n) return;
            c = buf[i];
          } else {
            let cls = STRING_CLASS[c];
            while (cls !== 1) {
              if (cls === 2) this.plain = false;
              if (++i === n) break;
              c = buf[i];
              cls = STRING_CLASS[c];
            }
          }
          if (i === n) return;
          if (c === 0x22) this.endString(buf, i);
          else if (c === 0x5c) {
            this.state = S_ESCAPE;
            this.plain = false;
          } else throw notJson(); // a raw control character
          i++;
          continue;
        }
        case S_AFTER_VALUE:
          if (c === 0x2c) this.state = this.stack[this.depth - 1] === OBJECT ? S_KEY : S_VALUE;
          else if (c === 0x7d) this.close(OBJECT, i);
          else if (c === 0x5d) this.close(ARRAY, i);
          else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw notJson();
          i++;
          continue;
        case S_KEY:
        case S_OBJECT_FIRST:
          if (c === 0x22) {
            const d = this.depth;
            this.role =
              d === 3 && this.recordStart >= 0 ? R_RECORD_KEY : d === 1 ? R_ROOT_KEY : R_KEY;
            this.stringStart = this.offset + i + 1;
            this.plain = true;
            this.state = S_STRING;
          } else if (c === 0x7d && this.state === S_OBJECT_FIRST) this.close(OBJECT, i);
          else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw notJson();
          i++;
          continue;
        case S_COLON:
          if (c === 0x3a) this.state = S_VALUE;
          else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw notJson();
          i++;
          continue;
        case S_VALUE:
        case S_ARRAY_FIRST:
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
          else if (c === 0x5d && this.state === S_ARRAY_FIRST) this.close(ARRAY, i++);
          else if (c === 0x22 && this.depth > 3) {
            this.role = R_OTHER; // a string deep inside a record: nothing to keep
            this.state = S_STRING;
            i++;
          } else this.startValue(c, i++);
          continue;
        case S_NUMBER:
          if (this.numberByte(c)) i++;
          else this.endNumber(); // the byte is read again after the number
          continue;
        case S_LITERAL:
          if (c !== this.literal[this.literalAt]) throw notJson();
          if (++this.literalAt === this.literal.length) this.endValue();
          i++;
          continue;
        case S_ESCAPE:
          if (ESCAPABLE[c] !== 1) throw notJson();
          if (c === 0x75) {
            this.state = S_UNICODE;
            this.unicodeLeft = 4;
          } else this.state = S_STRING;
          i++;
          continue;
        case S_UNICODE:
          if (IS_HEX[c] !== 1) throw notJson();
          if (--this.unicodeLeft === 0) this.state = S_STRING;
          i++;
          continue;
        default: // S_DONE
          if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw notJson();
          i++;
      }
    }
  }

  /**
   * The fast path through the `results` array: the records, their keys, plain strings, numbers,
   * literals and nested containers that lie whole in this chunk, and the records' ends, with no
   * call per token. Returns where it stopped: the end of the chunk, or the start of a token it
   * leaves to {@link scan} (an escape or a byte over 0x7f in a string, a token cut by the
   * chunk's end, a value of `results` that is not an object, the end of `results`, an error),
   * with the tokenizer's state set for that token.
   */
  private scanResults(buf: Uint8Array, view: DataView, from: number): number {
    const n = buf.length;
    let i = from;
    let state = this.state;
    let depth = this.depth;
    let stack = this.stack;
    let isIndicator = this.recordKeyIsIndicator;
    // Compact JSON goes key, `:`, value, `,` with no whitespace: each step runs straight into the
    // next; whitespace or anything unusual goes round the loop, and its start, again.
    for (;;) {
      let c = 0;
      let j = 0;
      while (i < n && ((c = buf[i]) === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) i++;
      if (i === n) break;
      if (state === S_KEY || state === S_OBJECT_FIRST) {
        if (c === 0x22) {
          j = plainEnd(buf, view, i + 1, n);
          if (j === n || buf[j] !== 0x22) break;
          // Only a record's own keys matter; a nested object's `indicator` is not the record's.
          if (depth === 3) {
            isIndicator =
              j - i - 1 === WORD_INDICATOR.length && equalAt(buf, i + 1, WORD_INDICATOR);
          }
          i = j + 1;
          if (i === n || buf[i] !== 0x3a) {
            state = S_COLON;
            continue;
          }
          if (++i === n || (c = buf[i]) <= 0x20) {
            state = S_VALUE;
            continue;
          }
          state = S_VALUE; // and the value's first byte is c
        } else if (c !== 0x7d || state !== S_OBJECT_FIRST) break;
      } else if (state === S_COLON) {
        if (c !== 0x3a) break;
        state = S_VALUE;
        i++;
        continue;
      }
      if (state === S_VALUE || state === S_ARRAY_FIRST) {
        const ofRecord = depth === 3 && isIndicator;
        if (c === 0x22) {
          if (depth === 2) break; // a string in `results`: not a record
          j = plainEnd(buf, view, i + 1, n);
          if (j === n || buf[j] !== 0x22) break;
          if (ofRecord) {
            this.indicatorStart = this.offset + i + 1;
            this.indicatorEnd = this.offset + j;
            this.indicatorPlain = true;
          }
          i = j + 1;
        } else if (c === 0x6e) {
          if (depth === 2 || i + 4 > n) break;
          if (buf[i + 1] !== 0x75 || buf[i + 2] !== 0x6c || buf[i + 3] !== 0x6c) throw notJson();
          if (ofRecord) this.indicatorStart = -1;
          i += 4;
        } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
          if (depth === 2) break; // a number in `results`: not a record
          j = numberEnd(buf, i);
          if (j === n) break;
          if (ofRecord) this.indicatorStart = -1;
          i = j;
        } else if (
          c === 0x7b &&
          depth === 2 &&
          this.shape !== null &&
          (j = this.readByShape(this.shape, buf, view, i, n)) >= 0
        ) {
          i = j; // a whole record, read and handled: what follows is as after any value
        } else if (c === 0x7b || c === 0x5b) {
          if (depth === 2) {
            if (c === 0x5b) break; // an array in `results`: not a record
            this.startRecord(i);
            isIndicator = false;
          } else if (ofRecord) this.indicatorStart = -1;
          if (depth === stack.length) {
            const grown = new Uint8Array(stack.length * 2);
            grown.set(stack);
            this.stack = stack = grown;
          }
          stack[depth++] = c === 0x7b ? OBJECT : ARRAY;
          state = c === 0x7b ? S_OBJECT_FIRST : S_ARRAY_FIRST;
          i++;
          continue;
        } else if (c === 0x5d && state === S_ARRAY_FIRST) {
          if (depth <= 2) break;
          // An empty array in a record: closed below, as after a value.
          c = 0x5d;
        } else {
          const literal = c === 0x74 ? WORD_TRUE : c === 0x66 ? WORD_FALSE : undefined;
          if (literal === undefined || depth === 2 || i + literal.length > n) break;
          for (let k = 1; k < literal.length; k++) if (buf[i + k] !== literal[k]) throw notJson();
          if (ofRecord) this.indicatorStart = -1;
          i += literal.length;
        }
        if (c !== 0x5d || state !== S_ARRAY_FIRST) {
          state = S_AFTER_VALUE;
          if (i === n) break;
          c = buf[i];
        }
      }
      // S_AFTER_VALUE, or `}` of an empty object, or `]` of an empty array.
      if (c === 0x2c && state === S_AFTER_VALUE) {
        state = stack[depth - 1] === OBJECT ? S_KEY : S_VALUE;
        i++;
        continue;
      }
      // `}` or `]` closing a record or a container in it; `results` itself is closed by scan().
      const kind = c === 0x7d ? OBJECT : c === 0x5d ? ARRAY : 0;
      if (kind === 0 || depth <= 2 || stack[depth - 1] !== kind) {
        // Whitespace after a value goes round the loop; anything else is scan()'s.
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
        break;
      }
      depth--;
      if (depth === 2 && this.recordStart >= 0) {
        if (this.shape === null && this.learnsLeft > 0 && this.recordStart >= this.offset) {
          this.learnsLeft--;
          this.shape = learnShape(buf, this.recordStart - this.offset, i);
          this.shapeMisses = 0;
        }
        this.endRecord(i);
        isIndicator = false;
      }
      state = S_AFTER_VALUE;
      i++;
    }
    this.state = state;
    this.depth = depth;
    this.recordKeyIsIndicator = isIndicator;
    return i;
  }

  /**
   * Reads the record whose `{` is at `i` by `shape`: where it ends (after its `}`), the record
   * handled as {@link endRecord} does; or T_MISMATCH, T_CHUNK_END, with nothing read, for the
   * token-by-token path to read it. The bytes a shape compares are those of a record the
   * tokenizer checked, and each value is checked as it would be there, so a record read here is
   * valid JSON with the same `indicator`.
   */
  private readByShape(
    shape: RecordShape,
    buf: Uint8Array,
    view: DataView,
    i: number,
    n: number,
  ): number {
    const out = this.shapeOut;
    const end = shape(buf, view, i, n, out);
    if (end === T_CHUNK_END) return end;
    if (end < 0) {
      if (++this.shapeMisses >= SHAPE_MISSES) this.shape = null;
      return end;
    }
    this.shapeMisses = 0;
    this.recordStart = this.offset + i;
    this.indicatorStart = out[0] < 0 ? -1 : this.offset + out[0];
    this.indicatorEnd = this.offset + out[1];
    this.indicatorPlain = true;
    this.endRecord(end - 1);
    return end;
  }

  /** The first byte of a value at `i` (not whitespace). */
  private startValue(c: number, i: number): void {
    const depth = this.depth;
    let role = R_OTHER;
    if (depth === 1) {
      if (this.rootKey === K_NEXT) {
        // Anything but a non-empty string means "no next page".
        this.next = null;
        this.nextKnown = c !== 0x22;
        role = R_NEXT;
      } else if (this.rootKey === K_RESULTS) {
        this.resultsIsArray = c === 0x5b;
        if (this.resultsIsArray) {
          // A later `results` replaces an earlier one, as in JSON.parse.
          this.matches.clear();
          this.failed.clear();
          this.inResults = true;
        }
      }
    } else if (depth === 3 && this.recordKeyIsIndicator && this.recordStart >= 0) {
      this.indicatorStart = -1; // a later `indicator` replaces an earlier one
      role = R_INDICATOR;
    }
    if (c === 0x22) {
      this.role = role;
      this.stringStart = this.offset + i + 1;
      this.plain = true;
      this.state = S_STRING;
    } else if (c === 0x7b) {
      if (depth === 0) this.rootIsObject = true;
      else if (depth === 2 && this.inResults) this.startRecord(i);
      this.push1(OBJECT);
      this.state = S_OBJECT_FIRST;
    } else if (c === 0x5b) {
      this.push1(ARRAY);
      this.state = S_ARRAY_FIRST;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.state = S_NUMBER;
      this.numberState = c === 0x2d ? 0 : c === 0x30 ? 1 : 2;
    } else {
      const literal = LITERALS[c];
      if (literal === undefined) throw notJson();
      this.literal = literal;
      this.literalAt = 1;
      this.state = S_LITERAL;
    }
  }

  private push1(kind: number): void {
    if (this.depth === this.stack.length) {
      const grown = new Uint8Array(this.stack.length * 2);
      grown.set(this.stack);
      this.stack = grown;
    }
    this.stack[this.depth++] = kind;
  }

  /** The closing quote of a string, at `i` of the current chunk. */
  private endString(buf: Uint8Array, i: number): void {
    const role = this.role;
    if (role === R_OTHER) return this.endValue();
    if (role === R_KEY) {
      this.state = S_COLON;
      return;
    }
    const end = this.offset + i;
    if (role === R_RECORD_KEY) {
      this.recordKeyIsIndicator = this.isWord(buf, i, end, WORD_INDICATOR);
      this.state = S_COLON;
    } else if (role === R_ROOT_KEY) {
      if (this.isWord(buf, i, end, WORD_RESULTS)) this.rootKey = K_RESULTS;
      else this.rootKey = this.isWord(buf, i, end, WORD_NEXT) ? K_NEXT : K_OTHER;
      this.state = S_COLON;
    } else if (role === R_NEXT) {
      const next = decode(this.bytes(this.stringStart, end));
      this.next = next === '' ? null : next;
      this.nextKnown = true;
      this.endValue();
    } else {
      this.indicatorStart = this.stringStart;
      this.indicatorEnd = end;
      this.indicatorPlain = this.plain;
      this.endValue();
    }
  }

  private endValue(): void {
    this.state = this.depth === 0 ? S_DONE : S_AFTER_VALUE;
  }

  /** A closing `}` or `]` at `i`. */
  private close(kind: number, i: number): void {
    if (this.depth === 0 || this.stack[this.depth - 1] !== kind) throw notJson();
    this.depth--;
    if (this.depth === 2 && this.recordStart >= 0) this.endRecord(i);
    else if (this.depth === 1 && kind === ARRAY) this.inResults = false;
    this.endValue();
  }

  private startRecord(i: number): void {
    this.recordStart = this.offset + i;
    this.recordKeyIsIndicator = false;
    this.indicatorStart = -1;
  }

  /** The record's closing brace at `i`: when its (last) `indicator` is wanted, parse the record. */
  private endRecord(i: number): void {
    const start = this.recordStart;
    this.recordStart = -1;
    this.recordKeyIsIndicator = false;
    if (this.indicatorStart < 0) return;
    const value = this.matchIndicator();
    if (value === undefined || this.matches.has(value)) return;
    const record = JSON.parse(this.bytes(start, this.offset + i + 1).toString('utf8')) as Record<
      string,
      unknown
    >;
    if (typeof record.created !== 'string') {
      // The match's time becomes the Sighting's observed time: without it there is nothing to emit.
      if (!this.failed.has(value)) this.failed.set(value, 'matching record has no created time');
      return;
    }
    const match: OtxPulseIndicator = {
      indicator: record.indicator as string,
      created: record.created,
      expiration: typeof record.expiration === 'string' ? record.expiration : null,
    };
    if (typeof record.pulse_key === 'string') match.pulse_key = record.pulse_key;
    this.matches.set(value, match);
  }

  /** The wanted value the record's `indicator` is, if any; read in place when it can be. */
  private matchIndicator(): string | undefined {
    const start = this.indicatorStart;
    const end = this.indicatorEnd;
    const plain = this.indicatorPlain;
    const last = this.chunks.length - 1;
    const lastStart = this.chunkStart[last];
    if (start >= lastStart) {
      return this.matcher.match(this.chunks[last], start - lastStart, end - lastStart, plain);
    }
    const indicator = this.bytes(start, end);
    return this.matcher.match(indicator, 0, indicator.length, plain);
  }

  // Numbers: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
  // numberState: 0 after `-`, 1 after a leading 0, 2 integer digits, 3 after `.`, 4 fraction
  // digits, 5 after e/E, 6 after the exponent's sign, 7 exponent digits.
  private numberByte(c: number): boolean {
    const digit = c >= 0x30 && c <= 0x39;
    switch (this.numberState) {
      case 0:
        if (!digit) throw notJson();
        this.numberState = c === 0x30 ? 1 : 2;
        return true;
      case 1:
      case 2:
        if (digit) {
          if (this.numberState === 1) throw notJson(); // a leading zero
          return true;
        }
        if (c === 0x2e) this.numberState = 3;
        else if (c === 0x65 || c === 0x45) this.numberState = 5;
        else return false;
        return true;
      case 3:
        if (!digit) throw notJson();
        this.numberState = 4;
        return true;
      case 4:
        if (digit) return true;
        if (c !== 0x65 && c !== 0x45) return false;
        this.numberState = 5;
        return true;
      case 5:
        if (c === 0x2b || c === 0x2d) this.numberState = 6;
        else if (digit) this.numberState = 7;
        else throw notJson();
        return true;
      case 6:
        if (!digit) throw notJson();
        this.numberState = 7;
        return true;
      default:
        return digit;
    }
  }

  private endNumber(): void {
    const s = this.numberState;
    if (s !== 1 && s !== 2 && s !== 4 && s !== 7) throw notJson();
    this.endValue();
  }

  /** Whether the string ending at `i` of `buf` (global `end`) is `word`. */
  private isWord(buf: Uint8Array, i: number, end: number, word: Buffer): boolean {
    const length = end - this.stringStart;
    if (!this.plain) return decode(this.bytes(this.stringStart, end)) === word.toString('latin1');
    if (length !== word.length) return false;
    if (i >= length) {
      for (let k = 0; k < length; k++) if (buf[i - length + k] !== word[k]) return false;
      return true;
    }
    return this.bytes(this.stringStart, end).equals(word);
  }

  /** The bytes at global offsets [start, end), from the chunks still held. */
  private bytes(start: number, end: number): Buffer {
    const last = this.chunks.length - 1;
    const lastStart = this.chunkStart[last];
    if (start >= lastStart) return this.chunks[last].subarray(start - lastStart, end - lastStart);
    const parts: Buffer[] = [];
    for (let k = 0; k <= last; k++) {
      const from = Math.max(start, this.chunkStart[k]) - this.chunkStart[k];
      const to = Math.min(end, this.chunkStart[k] + this.chunks[k].length) - this.chunkStart[k];
      if (to > from) parts.push(this.chunks[k].subarray(from, to));
    }
    return Buffer.concat(parts);
  }

  /** Drops the chunks that no record or string in progress reaches back into. */
  private releaseChunks(): void {
    let keepFrom = this.offset; // nothing in progress: the next chunk starts afresh
    if (this.recordStart >= 0) keepFrom = this.recordStart;
    const inString = this.state === S_STRING || this.state === S_ESCAPE || this.state === S_UNICODE;
    if (inString) keepFrom = Math.min(keepFrom, this.stringStart);
    let drop = 0;
    while (
      drop < this.chunks.length &&
      this.chunkStart[drop] + this.chunks[drop].length <= keepFrom
    ) {
      drop++;
    }
    if (drop > 0) {
      this.chunks = this.chunks.slice(drop);
      this.chunkStart = this.chunkStart.slice(drop);
    }
  }
}

/** Where the number starting at `i` ends (`buf.length` when it may go on in the next chunk). */
function numberEnd(buf: Uint8Array, i: number): number {
  const n = buf.length;
  let j = i;
  if (buf[j] === 0x2d) j++;
  if (j === n) return n;
  if (buf[j] === 0x30) j++;
  else if (buf[j] >= 0x31 && buf[j] <= 0x39) while (j < n && buf[j] >= 0x30 && buf[j] <= 0x39) j++;
  else throw notJson();
  if (j < n && buf[j] >= 0x30 && buf[j] <= 0x39) throw notJson(); // a leading zero
  if (j < n && buf[j] === 0x2e) {
    const digits = ++j;
    while (j < n && buf[j] >= 0x30 && buf[j] <= 0x39) j++;
    if (j === digits && j < n) throw notJson();
  }
  if (j < n && (buf[j] === 0x65 || buf[j] === 0x45)) {
    j++;
    if (j < n && (buf[j] === 0x2b || buf[j] === 0x2d)) j++;
    const digits = j;
    while (j < n && buf[j] >= 0x30 && buf[j] <= 0x39) j++;
    if (j === digits && j < n) throw notJson();
  }
  return j;
}

/**
 * Code that moves `q` (in `b`, read through `v`, up to `n`) past a run of plain string bytes: to
 * the first `"`, `\\`, control byte or byte over 0x7f, or to `n`. Four bytes at a time: a word
 * passes whole when it has no zero byte once xor'ed with `"` or `\\`, no byte under 0x20 and no
 * top bit set. Written once for {@link plainEnd} and the compiled shapes ({@link compileShape}).
 */
const PLAIN_RUN_CODE = [
  'while (q + 4 <= n) {',
  '  w = v.getInt32(q, true); x = w ^ 0x22222222; y = w ^ 0x5c5c5c5c;',
  '  if ((((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y) | ((w - 0x20202020) & ~w) | w) & 0x80808080) break;',
  '  q += 4;',
  '}',
  'while (q < n) { c = b[q]; if (c === 0x22 || c === 0x5c || c < 0x20 || c > 0x7f) break; q++; }',
];

/** Where the run of plain string bytes from `q` ends ({@link PLAIN_RUN_CODE}), or `n`. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const plainEnd = new Function(
  'b',
  'v',
  'q',
  'n',
  `let w = 0, x = 0, y = 0, c = 0;\n${PLAIN_RUN_CODE.join('\n')}\nreturn q;`,
) as (b: Uint8Array, v: DataView, q: number, n: number) => number;

/**
 * The {@link RecordShape} of the record at `[start, end]` of `buf` (its `{` and `}`), which the
 * tokenizer has read whole and found valid; null when a key has an escape or a byte over 0x7f
 * (its bytes would not say which key it is) or the record is large.
 */
function learnShape(buf: Uint8Array, start: number, end: number): RecordShape | null {
  const cuts: number[] = []; // each scalar value's start and end
  const objects: boolean[] = []; // per open container: whether it is an object
  let keyNext = false;
  let keyIsIndicator = false; // the last key of the record itself was `indicator`
  let indicatorSlot = -1;
  let i = start;
  while (i <= end) {
    const c = buf[i];
    if (c === 0x7b || c === 0x5b) {
      if (objects.length === 1 && keyIsIndicator) indicatorSlot = -1; // not a string: none
      objects.push(c === 0x7b);
      keyNext = c === 0x7b;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      objects.pop();
      keyNext = false;
      i++;
    } else if (c === 0x2c) {
      keyNext = objects[objects.length - 1];
      i++;
    } else if (c === 0x3a || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
    } else if (keyNext) {
      // A key (c is its quote): plain bytes only.
      let j = i + 1;
      while (buf[j] !== 0x22) if (buf[j] === 0x5c || buf[j++] > 0x7f) return null;
      if (objects.length === 1) {
        keyIsIndicator = j - i - 1 === WORD_INDICATOR.length && equalAt(buf, i + 1, WORD_INDICATOR);
      }
      keyNext = false;
      i = j + 1;
    } else {
      // A scalar value: a string (escapes and all), a number or a literal.
      let j = i + 1;
      if (c === 0x22) {
        while (buf[j] !== 0x22) j += buf[j] === 0x5c ? 2 : 1;
        j++;
      } else {
        while (j <= end && !IS_VALUE_END[buf[j]]) j++;
      }
      if (objects.length === 1 && keyIsIndicator) indicatorSlot = cuts.length / 2;
      cuts.push(i, j);
      i = j;
    }
  }
  const literals: Buffer[] = [];
  let from = start;
  for (let k = 0; k <= cuts.length; k += 2) {
    literals.push(Buffer.from(buf.subarray(from, k < cuts.length ? cuts[k] : end + 1)));
    from = cuts[k + 1];
  }
  if (cuts.length / 2 > SHAPE_MAX_VALUES) return null;
  if (literals.reduce((sum, literal) => sum + literal.length, 0) > SHAPE_MAX_BYTES) return null;
  return compileShape(literals, indicatorSlot);
}

/**
 * Generated code reading the plain string whose opening quote is at `p`: `q` ends at its closing
 * quote. A string with an escape, a control byte or a byte over 0x7f is not of the shape.
 */
const PLAIN_STRING_CODE = [
  'q = p + 1;',
  ...PLAIN_RUN_CODE,
  `if (q === n) return ${T_CHUNK_END};`,
  `if (b[q] !== 0x22) return ${T_MISMATCH};`,
];

/**
 * Generated code reading the number at `p`, whose first byte is 1 to 9: its digits, and then
 * past `p`. A fraction or exponent is left to scalarEnd, which checks its grammar; whatever else
 * follows the digits must be the next literal.
 */
const WHOLE_NUMBER_CODE = [
  'q = p + 1;',
  'while (q < n && b[q] >= 0x30 && b[q] <= 0x39) q++;',
  `if (q === n) return ${T_CHUNK_END};`,
  'c = b[q];',
  'if (c === 0x2e || c === 0x65 || c === 0x45) { q = scalarEnd(b, v, p, n); if (q < 0) return q; }',
  'p = q;',
];

// Pages of every pulse of a type share a shape (pulse_key is a value): each is compiled once.
const compiledShapes = new LRUCache<string, RecordShape>({ max: 64 });

/**
 * The {@link RecordShape} that compares a record with `literals` (literal `k` comes before
 * value `k`; the last ends with the `}`), value `indicatorSlot` being its `indicator`. Compiled
 * with the literals' bytes as integer constants, compared four at a time: three times the speed
 * of a loop over the literals. Only numbers go into the code, never text from the page.
 */
function compileShape(literals: Buffer[], indicatorSlot: number): RecordShape {
  const key = `${indicatorSlot}|${literals.map((l) => `${l.length}:${l.toString('latin1')}`).join('')}`;
  let shape = compiledShapes.get(key);
  if (shape !== undefined) return shape;
  const lines = ['let q = 0, w = 0, x = 0, y = 0, c = 0;', 'out[0] = -1;'];
  literals.forEach((literal, k) => {
    const checks: string[] = [];
    let m = 0;
    for (; m + 4 <= literal.length; m += 4) {
      checks.push(`v.getInt32(p + ${m}, true) !== ${literal.readInt32LE(m)}`);
    }
    for (; m < literal.length; m++) checks.push(`b[p + ${m}] !== ${literal[m]}`);
    lines.push(`if (p + ${literal.length} > n) return ${T_CHUNK_END};`);
    lines.push(`if (${checks.join(' || ')}) return ${T_MISMATCH};`);
    lines.push(`p += ${literal.length};`);
    if (k === literals.length - 1) return;
    const other = `else { q = scalarEnd(b, v, p, n); if (q < 0) return q; p = q; }`;
    if (k === indicatorSlot) {
      lines.push(`if (p < n && b[p] === 0x22) {`, ...PLAIN_STRING_CODE);
      lines.push('out[0] = p + 1; out[1] = q; p = q + 1; }', other);
      return;
    }
    // The values most records repeat, `null` and `""`, then any plain string and whole number,
    // without a call (a byte past them is the next literal's, checked next); others by scalarEnd.
    lines.push(
      `if (p + 4 <= n && v.getInt32(p, true) === ${WORD_NULL.readInt32LE(0)}) p += 4;`,
      `else if (p + 2 <= n && b[p] === 0x22 && b[p + 1] === 0x22) p += 2;`,
      `else if (p < n && b[p] === 0x22) {`,
      ...PLAIN_STRING_CODE,
      'p = q + 1; }',
      `else if (p < n && b[p] >= 0x31 && b[p] <= 0x39) {`,
      ...WHOLE_NUMBER_CODE,
      '}',
      other,
    );
  });
  lines.push('return p;');
  // Code generation, as fast-json-stringify and ajv do it: integers and fixed text only.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(
    'scalarEnd',
    `return (b, v, p, n, out) => {\n${lines.join('\n')}\n};`,
  );
  shape = (factory as (helper: typeof scalarEnd) => RecordShape)(scalarEnd);
  compiledShapes.set(key, shape);
  return shape;
}

/**
 * Where the scalar value at `p` ends (after its closing quote, for a string); T_MISMATCH for a
 * string with an escape or a byte over 0x7f, or a container; T_CHUNK_END. A malformed number
 * or literal is malformed on any path: it throws as the tokenizer would.
 */
function scalarEnd(b: Uint8Array, v: DataView, p: number, n: number): number {
  if (p === n) return T_CHUNK_END;
  const c = b[p];
  if (c === 0x22) {
    const j = plainEnd(b, v, p + 1, n);
    if (j === n) return T_CHUNK_END;
    return b[j] === 0x22 ? j + 1 : T_MISMATCH;
  }
  if (c >= 0x30 ? c <= 0x39 : c === 0x2d) {
    const j = numberEnd(b, p);
    return j === n ? T_CHUNK_END : j;
  }
  const word = c === 0x6e ? WORD_NULL : c === 0x74 ? WORD_TRUE : c === 0x66 ? WORD_FALSE : null;
  if (word === null) return T_MISMATCH;
  if (p + word.length > n) return T_CHUNK_END;
  return equalAt(b, p, word) ? p + word.length : T_MISMATCH;
}

function equalAt(buf: Uint8Array, at: number, word: Buffer): boolean {
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}

function decode(bytes: Buffer): string {
  return decodeJsonString(bytes, 0, bytes.length);
}
