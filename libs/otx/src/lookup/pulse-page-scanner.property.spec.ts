import fc from 'fast-check';
import { OTX_QUERYABLE_TYPES, OtxQueryableType } from '../otx.constants';
import { OtxException } from '../otx.exception';
import { IndicatorMatcher } from './indicator-matcher';
import { canonicalIndicator } from './otx-canonical.util';
import { matchTarget, OtxMatchTarget } from './otx-match-target';
import { PulsePageScanner, ScannedPage } from './pulse-page-scanner';

/**
 * The oracle: the page parsed whole by JSON.parse, then read as the walk read it before the
 * scanner (first record per canonical value, in page order; a match without `created` fails
 * alone). Written here from the contract, independently of IndicatorMatcher's byte paths.
 */
function oracle(text: string, targets: OtxMatchTarget[]): Omit<ScannedPage, 'readToEnd'> | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'response is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'response is not a JSON object';
  }
  const page = body as Record<string, unknown>;
  if (!Array.isArray(page.results)) return 'page has no results list';
  const matches = new Map<string, unknown>();
  const failed = new Map<string, string>();
  for (const record of page.results as unknown[]) {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) continue;
    const r = record as Record<string, unknown>;
    if (typeof r.indicator !== 'string') continue;
    // Kinds are tried in the order their first target came; the first kind that knows it wins.
    const kinds = [...new Set(targets.map((t) => t.kind))];
    const value = kinds
      .map((kind) => canonicalIndicator(kind, r.indicator as string))
      .find((v, k) => targets.some((t) => t.kind === kinds[k] && t.value === v));
    if (value === undefined || matches.has(value)) continue;
    if (typeof r.created !== 'string') {
      if (!failed.has(value)) failed.set(value, 'matching record has no created time');
      continue;
    }
    const match: Record<string, unknown> = {
      indicator: r.indicator,
      created: r.created,
      expiration: typeof r.expiration === 'string' ? r.expiration : null,
    };
    if (typeof r.pulse_key === 'string') match.pulse_key = r.pulse_key;
    matches.set(value, match);
  }
  const next = typeof page.next === 'string' && page.next !== '' ? page.next : null;
  const failures = [...failed]
    .filter(([v]) => !matches.has(v))
    .map(([value, detail]) => ({ value, detail }));
  return { matches: matches as ScannedPage['matches'], failures, next };
}

function scan(bytes: Buffer, targets: OtxMatchTarget[], cuts: number[]): ScannedPage | string {
  const wanted = new Set(targets.map((t) => t.value)).size;
  const scanner = new PulsePageScanner(new IndicatorMatcher(targets), wanted);
  try {
    let from = 0;
    for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
      scanner.push(bytes.subarray(from, Math.max(from, cut)));
      from = Math.max(from, cut);
    }
    scanner.push(bytes.subarray(from));
    return scanner.end();
  } catch (error) {
    if (error instanceof OtxException && error.code === 'BAD_RESPONSE') return error.detail;
    throw error;
  }
}

// ---- a JSON writer with every freedom JSON allows -------------------------------------------

const hex4 = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** `value` as a JSON string, each character written plainly or as an escape (`spell` decides). */
function writeString(value: string, escapes: boolean[]): string {
  let out = '"';
  let k = 0;
  for (const ch of value) {
    const escape = escapes[k++ % Math.max(1, escapes.length)] ?? false;
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (code < 0x20) out += escape ? hex4(code) : JSON.stringify(ch).slice(1, -1);
    else if (ch === '/' && escape) out += '\\/';
    else if (escape && code > 0xffff) {
      const hi = 0xd800 + ((code - 0x10000) >> 10);
      const lo = 0xdc00 + ((code - 0x10000) & 0x3ff);
      out += hex4(hi) + hex4(lo);
    } else if (escape) out += hex4(code);
    else out += ch;
  }
  return `${out}"`;
}

function write(value: unknown, escapes: boolean[], ws: () => string): string {
  if (typeof value === 'string') return writeString(value, escapes);
  if (Array.isArray(value)) {
    return `[${ws()}${value.map((v) => write(v, escapes, ws)).join(`${ws()},${ws()}`)}${ws()}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${writeString(k, escapes)}${ws()}:${ws()}${write(v, escapes, ws)}`,
    );
    return `{${ws()}${entries.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(value);
}

// ---- generators --------------------------------------------------------------------------

const KINDS: readonly OtxQueryableType[] = OTX_QUERYABLE_TYPES;

/** Values of each kind, with the variants OTX and callers produce. */
const BASE_VALUES: Record<OtxQueryableType, string[]> = {
  ip: ['203.0.113.7', '203.0.113.70', '198.51.100.1'],
  ipv6: ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:2', '::ffff:203.0.113.7'],
  domain: ['bad.example', 'BAD.Example', ' bad.example ', 'bücher.example', 'sub.bad.example'],
  hostname: [
    'www.bad.example',
    'WWW.Bad.example',
    'www.bücher.example',
    'www.xn--bcher-kva.example',
  ],
  url: ['http://a.example/x?y=1', 'http://a.example/x?y=10', 'https://ü.example/päth'],
  md5: ['d41d8cd98f00b204e9800998ecf8427e', 'D41D8CD98F00B204E9800998ECF8427E'],
  sha1: ['da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  sha256: ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
};
const ALL_VALUES = Object.values(BASE_VALUES).flat();

const anyText = fc.oneof(
  fc.constantFrom(...ALL_VALUES),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('indicator', '"indicator": "203.0.113.7"', 'next', 'results', '\u2028', '😀'),
);

const record = fc
  .record(
    {
      id: fc.integer(),
      indicator: fc.oneof(anyText, fc.constant(null), fc.integer()),
      type: fc.constantFrom('IPv4', 'domain', 'URL'),
      created: fc.oneof(
        fc.constant('2024-01-18T22:05:49'),
        fc.constant('2023-05-13T00:18:43.306000'),
        fc.constant(null),
      ),
      expiration: fc.oneof(fc.constant(null), fc.constant('2024-02-17T00:00:00')),
      description: anyText,
      pulse_key: fc.constant('65a1f0c2e4b0a1d2c3f4a5b6'),
      nested: fc.oneof(
        fc.constant({ assessment: null, report_date: null }),
        fc.constant([{ indicator: '203.0.113.7' }, 1.5e-3, -0, true, false]),
        fc.constant({ indicator: 'bad.example', created: '2024-01-01T00:00:00' }),
      ),
    },
    { requiredKeys: ['id'] },
  )
  // Any key order: shuffle the entries.
  .chain((r) =>
    fc
      .shuffledSubarray(Object.entries(r), { minLength: Object.keys(r).length })
      .map(Object.fromEntries),
  );

const page = fc
  .record({
    count: fc.integer({ min: 0, max: 20000 }),
    next: fc.oneof(
      fc.constant(null),
      fc.constant(''),
      fc.constant('https://otx.example/api/v1/pulses/x/indicators?page=2'),
      fc.constant('https:\u002f\u002fotx.example/ü'),
    ),
    previous: fc.constant(null),
    results: fc.array(
      fc.oneof({ weight: 8, arbitrary: record }, fc.constant('x'), fc.constant(7)),
      {
        maxLength: 12,
      },
    ),
  })
  .chain((p) => fc.shuffledSubarray(Object.entries(p), { minLength: 4 }).map(Object.fromEntries));

const targets = fc.uniqueArray(
  fc.tuple(fc.constantFrom(...KINDS), fc.constantFrom(...ALL_VALUES)),
  { minLength: 1, maxLength: 4, selector: ([k, v]) => `${k} ${v}` },
);

const spelling = fc.record({
  escapes: fc.array(fc.boolean(), { maxLength: 7 }),
  ws: fc.array(fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  '), {
    minLength: 1,
    maxLength: 5,
  }),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

function render(p: unknown, s: { escapes: boolean[]; ws: string[] }): string {
  let k = 0;
  return write(p, s.escapes, () => s.ws[k++ % s.ws.length]);
}

const asComparable = (r: ScannedPage | Omit<ScannedPage, 'readToEnd'> | string) =>
  typeof r === 'string' ? r : { matches: [...r.matches], failures: r.failures, next: r.next };

/**
 * One change to `text`: a character set, dropped or added at `at` (any position). The result is
 * as its UTF-8 bytes read: a change inside a surrogate pair leaves a lone one, written as U+FFFD.
 */
const mutation = fc.record({
  at: fc.nat(),
  how: fc.constantFrom('set', 'drop', 'insert'),
  ch: fc.constantFrom(...'{}[]",:\\ 0-.eEtfnu\u0000\x7fi'.split('')),
});
function mutate(text: string, { at, how, ch }: { at: number; how: string; ch: string }) {
  const k = at % (text.length + 1);
  const changed =
    how === 'set'
      ? text.slice(0, k) + ch + text.slice(k + 1)
      : how === 'drop'
        ? text.slice(0, k) + text.slice(k + 1)
        : text.slice(0, k) + ch + text.slice(k);
  return { k, mutated: Buffer.from(changed).toString() };
}

describe('PulsePageScanner agrees with JSON.parse', () => {
  it('on generated pages: escapes, whitespace, key order, Unicode, variants, chunk cuts', () => {
    fc.assert(
      fc.property(page, targets, spelling, (p, t, s) => {
        const wanted = t.map(([kind, value]) => matchTarget(kind, value));
        const text = render(p, s);
        const got = scan(Buffer.from(text), wanted, s.cuts);
        expect(asComparable(got)).toEqual(asComparable(oracle(text, wanted)));
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('on pages with a byte changed, dropped or added anywhere', () => {
    fc.assert(
      fc.property(page, targets, spelling, mutation, (p, t, s, change) => {
        const wanted = t.map(([kind, value]) => matchTarget(kind, value));
        const { mutated } = mutate(render(p, s), change);
        const got = scan(Buffer.from(mutated), wanted, s.cuts);
        expect(asComparable(got)).toEqual(asComparable(oracle(mutated, wanted)));
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  // Pages whose records mostly share one shape, as OTX writes them: the scanner reads those by a
  // shape learned from one record; any record off the shape must be read as JSON.parse does.
  const shapedPage = fc
    .record({
      keys: fc.array(
        fc.constantFrom('id', 'indicator', 'created', 'expiration', 'pulse_key', 'nested', 'x'),
        { minLength: 1, maxLength: 8 },
      ),
      values: fc.array(
        fc.array(
          fc.oneof(
            { weight: 6, arbitrary: anyText },
            fc.constant(null),
            fc.integer(),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.boolean(),
            fc.constantFrom('2024-01-18T22:05:49', ''),
            fc.constant({ indicator: '203.0.113.7', created: 'n' }),
            fc.constant([1, 'a']),
          ),
          { minLength: 8, maxLength: 8 },
        ),
        { maxLength: 40 },
      ),
      // Now and then a record of another shape: keys dropped or renamed.
      odd: fc.array(fc.tuple(fc.nat(40), fc.constantFrom('drop', 'Indicator', 'indicator')), {
        maxLength: 3,
      }),
      ws: fc.constantFrom('', ' ', '\n  '),
      next: fc.constantFrom('null', '"https://x/?page=2"'),
    })
    .map(({ keys, values, odd, ws, next }) => {
      const records = values.map((row, r) => {
        let entries = keys.map((key, k): [string, unknown] => [key, row[k]]);
        for (const [at, how] of odd) {
          if (at !== r) continue;
          if (how === 'drop') entries = entries.slice(1);
          else entries = entries.map(([k, v]) => [k === 'indicator' ? how : k, v]);
        }
        const written = entries.map(([k, v]) => `${JSON.stringify(k)}:${ws}${JSON.stringify(v)}`);
        return `{${written.join(`,${ws}`)}}`;
      });
      return `{"next":${next},${ws}"results":${ws}[${records.join(`,${ws}`)}]}`;
    });

  it('on pages of records of one shape, with records off it, and cut anywhere', () => {
    fc.assert(
      fc.property(shapedPage, targets, fc.array(fc.nat(), { maxLength: 8 }), (text, t, cuts) => {
        const wanted = t.map(([kind, value]) => matchTarget(kind, value));
        const got = scan(Buffer.from(text), wanted, cuts);
        expect(asComparable(got)).toEqual(asComparable(oracle(text, wanted)));
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('on pages of records of one shape with a byte changed, dropped or added anywhere', () => {
    fc.assert(
      fc.property(shapedPage, targets, mutation, (text, t, change) => {
        const wanted = t.map(([kind, value]) => matchTarget(kind, value));
        const { k, mutated } = mutate(text, change);
        const got = scan(Buffer.from(mutated), wanted, [k + 1]);
        expect(asComparable(got)).toEqual(asComparable(oracle(mutated, wanted)));
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('on values that are prefixes of one another and quoted inside other fields', () => {
    const text = JSON.stringify({
      next: null,
      results: [
        { indicator: '203.0.113.70', created: 'a' },
        { description: '"indicator": "203.0.113.7"', indicator: '203.0.113.77', created: 'b' },
        { indicator: '203.0.113.', created: 'c' },
        { nested: { indicator: '203.0.113.7', created: 'd' }, created: 'e' },
        { indicator: '203.0.113.7', created: 'f' },
      ],
    });
    const wanted = [matchTarget('ip', '203.0.113.7')];
    const got = scan(Buffer.from(text), wanted, []);
    expect(asComparable(got)).toEqual(asComparable(oracle(text, wanted)));
    expect(typeof got !== 'string' && got.matches.get('203.0.113.7')?.created).toBe('f');
  });
});
