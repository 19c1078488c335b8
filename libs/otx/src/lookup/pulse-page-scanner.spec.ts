import { OtxException } from '../otx.exception';
import { IndicatorMatcher } from './indicator-matcher';
import { matchTarget } from './otx-match-target';
import { PulsePageScanner, ScannedPage, SHAPE_MAX_VALUES } from './pulse-page-scanner';

const IP = '203.0.113.7';

function scanner(...values: string[]): PulsePageScanner {
  const targets = values.map((v) => matchTarget('ip', v));
  return new PulsePageScanner(new IndicatorMatcher(targets), new Set(values).size);
}

/** Feeds `text` in pieces of `size` bytes and reads the page to its end. */
function scanAll(text: string | Buffer, size = 7, values = [IP]): ScannedPage {
  const sut = scanner(...values);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) sut.push(bytes.subarray(at, at + size));
  return sut.end();
}

const failureOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof OtxException) return `${error.code}: ${error.detail}`;
    throw error;
  }
  return 'no failure';
};

const page = (results: unknown[], next: string | null = null) =>
  JSON.stringify({ count: results.length, next, previous: null, results });
const row = (indicator: string, created = '2024-01-18T22:05:49') => ({
  indicator,
  created,
  expiration: null,
  pulse_key: 'p1',
});

describe(PulsePageScanner.name, () => {
  it('finds the first usable record of each wanted value and reads next', () => {
    const result = scanAll(
      page([row('198.51.100.1'), row(IP, 'first'), row(IP, 'second')], 'https://x/?page=2'),
    );
    expect(result).toEqual({
      matches: new Map([
        [IP, { indicator: IP, created: 'first', expiration: null, pulse_key: 'p1' }],
      ]),
      failures: [],
      next: 'https://x/?page=2',
      readToEnd: true,
    });
  });

  it.each([
    ['truncated in a string', page([row(IP)]).slice(0, 30)],
    ['truncated after the last record', page([row(IP)]).slice(0, -1)],
    ['empty', ''],
    ['HTML', '<html><body>502 Bad Gateway</body></html>'],
    ['a trailing comma', '{"results": [], "next": null,}'],
    ['a bad escape', '{"results": [{"indicator": "a\\x"}], "next": null}'],
    ['a raw control character', '{"results": [{"indicator": "a\tb"}], "next": null}'],
    ['a leading zero', '{"results": [{"id": 01}], "next": null}'],
    ['a bare minus', '{"results": [{"id": -}], "next": null}'],
    ['a bad literal', '{"results": [{"expiration": nul}], "next": null}'],
    ['garbage after the page', '{"results": [], "next": null} x'],
    ['two pages', '{"results": [], "next": null}{"results": []}'],
    ['a mismatched bracket', '{"results": [}, "next": null}'],
    ['a byte-order mark', '\ufeff{"results": [], "next": null}'],
  ])('fails a malformed page (%s) as OTX sending an invalid response', (_name, text) => {
    expect(failureOf(() => scanAll(text))).toBe('BAD_RESPONSE: response is not JSON');
  });

  it.each([
    ['an array', '[]', 'response is not a JSON object'],
    ['a string', '"results"', 'response is not a JSON object'],
    ['no results', '{"next": null}', 'page has no results list'],
    ['results that are not a list', '{"results": {}, "next": null}', 'page has no results list'],
    [
      'a later results that is not a list',
      '{"results": [], "results": null}',
      'page has no results list',
    ],
  ])('fails a page that is %s', (_name, text, detail) => {
    expect(failureOf(() => scanAll(text))).toBe(`BAD_RESPONSE: ${detail}`);
  });

  it('reads any key order, whitespace and escapes, as JSON.parse does', () => {
    const text =
      '\r\n{ "res\\u0075lts" :\t[ { "created" : "a\\/b" , "\\u0069ndicator" : "203.0.113.\\u0037" } ] ,' +
      ' "next" : "https:\\/\\/otx.example\\/p\\u00e9ge\\ud83d\\ude00" }\n ';
    const result = scanAll(text, 3);
    expect(result.matches.get(IP)).toEqual({ indicator: IP, created: 'a/b', expiration: null });
    expect(result.next).toBe('https://otx.example/pége😀');
  });

  it('keeps what JSON.parse keeps of duplicate keys: the last one', () => {
    const text =
      '{"next": "https://x/2", "results": [{"indicator": "x", "created": "old"}], ' +
      '"results": [{"indicator": "203.0.113.7", "created": "a", "indicator": "198.51.100.1"},' +
      ' {"indicator": "198.51.100.1", "indicator": "203.0.113.7", "created": "b"}], "next": ""}';
    const result = scanAll(text, 5, [IP, 'x']);
    expect([...result.matches.keys()]).toEqual([IP]);
    expect(result.matches.get(IP)?.created).toBe('b');
    expect(result.next).toBeNull();
  });

  it('does not take a value quoted in another field, nor one in a nested object', () => {
    const text = page([
      { description: `"indicator": "${IP}"`, indicator: 'other', created: 'a' },
      { nested: { indicator: IP, created: 'b' }, created: 'c' },
      { indicator: `${IP}0`, created: 'd' },
    ]);
    expect(scanAll(text).matches.size).toBe(0);
  });

  it('reports a matching record without a usable created time and keeps looking', () => {
    const result = scanAll(page([{ indicator: IP, created: 7 }, row('x'), { indicator: IP }]));
    expect(result.matches.size).toBe(0);
    expect(result.failures).toEqual([{ value: IP, detail: 'matching record has no created time' }]);
    const later = scanAll(page([{ indicator: IP }, row(IP, 'usable')]));
    expect(later.matches.get(IP)?.created).toBe('usable');
    expect(later.failures).toEqual([]);
  });

  it('says it has what it needs once every value is matched', () => {
    // DRF's order: next before results.
    const text = `{"count": 3, "next": "https://x/2", "previous": null, "results": [${JSON.stringify(
      row(IP),
    )}, ${JSON.stringify(row('a'))}`; // the rest never comes
    const sut = scanner(IP);
    const bytes = Buffer.from(text);
    const said = [...Array(bytes.length).keys()].map((k) => sut.push(bytes.subarray(k, k + 1)));
    const first = said.indexOf(true);
    expect(first).toBe(text.indexOf('}, ')); // the match record's closing brace
    expect(sut.stop()).toMatchObject({ next: 'https://x/2', readToEnd: false });
    expect(sut.stop().matches.get(IP)?.created).toBe('2024-01-18T22:05:49');
  });

  it('has what it needs when next comes after the results too, without waiting for it', () => {
    const sut = scanner(IP);
    const text = `{"results": [${JSON.stringify(row(IP))}, ${JSON.stringify(row('a'))}`;
    const bytes = Buffer.from(text);
    const said = [...Array(bytes.length).keys()].map((k) => sut.push(bytes.subarray(k, k + 1)));
    expect(said.indexOf(true)).toBe(text.indexOf('}, '));
    expect(sut.stop()).toMatchObject({ next: null, readToEnd: false });
    expect(sut.stop().matches.get(IP)?.created).toBe('2024-01-18T22:05:49');
  });

  it('reads to the end while a wanted value is still unmatched', () => {
    const sut = scanner(IP, '192.0.2.9');
    expect(sut.push(Buffer.from(`{"results": [${JSON.stringify(row(IP))}]`))).toBe(false);
    expect(sut.push(Buffer.from(', "next": null}'))).toBe(false);
    expect(sut.end()).toMatchObject({ next: null, readToEnd: true });
  });

  it('holds only the record in progress, not the chunks already read', () => {
    const sut = scanner(IP);
    const filler = JSON.stringify(row('198.51.100.1'));
    sut.push(Buffer.from(`{"next": null, "results": [${filler}`));
    for (let k = 0; k < 1000; k++) sut.push(Buffer.from(`, ${filler}`));
    sut.push(Buffer.from(', {"indicator": "203.0.'));
    const held = (sut as unknown as { chunks: Buffer[] }).chunks;
    expect(held).toHaveLength(1); // the chunk where the unfinished record starts
    sut.push(Buffer.from('113.7", "created": "x"}]}'));
    expect(sut.end().matches.get(IP)?.created).toBe('x');
  });

  it('compares hashes and domains case-insensitively and IPv6 in any form', () => {
    const targets = [
      matchTarget('sha1', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'),
      matchTarget('ipv6', '2001:db8::1'),
      matchTarget('domain', 'Bad.Example'),
    ];
    const sut = new PulsePageScanner(new IndicatorMatcher(targets), 3);
    sut.push(
      Buffer.from(
        page([
          row('da39a3ee5e6b4b0d3255bfef95601890afd80709', 'hash'),
          row('2001:DB8:0:0:0:0:0:1', 'ipv6'),
          row(' BAD.example ', 'domain'),
        ]),
      ),
    );
    const { matches } = sut.end();
    expect([...matches].map(([v, m]) => [v, m.created])).toEqual([
      ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'hash'],
      ['2001:db8::1', 'ipv6'],
      ['bad.example', 'domain'],
    ]);
  });
  describe('records of one shape (read by a learned shape)', () => {
    // OTX's key order and compact spelling: what most records of a real page look like.
    const otxRow = (id: number, indicator: unknown, created: unknown = '2024-01-18T22:05:49') => ({
      id,
      indicator,
      type: 'IPv4',
      created,
      expiration: null,
      is_active: 1,
      false_positive: { assessment: null },
      pulse_key: 'p1',
    });
    const fillers = (from: number, count: number) =>
      [...Array(count).keys()].map((k) => otxRow(from + k, `198.51.100.${k % 250}`));
    /** Records read by their shape: readByShape's answers that were a record's end. */
    const shapeReads = (text: string, size = 4096, values = [IP]) => {
      const spy = jest.spyOn(PulsePageScanner.prototype as never, 'readByShape');
      try {
        const result = scanAll(text, size, values);
        const read = spy.mock.results.filter((r) => (r.value as number) >= 0).length;
        return { result, read };
      } finally {
        spy.mockRestore();
      }
    };

    it('reads most records of a page by the shape of the first, with the same answer', () => {
      const text = page([...fillers(1, 300), otxRow(301, IP, 'match'), ...fillers(302, 50)]);
      const { result, read } = shapeReads(text);
      expect(result.matches.get(IP)).toEqual({
        indicator: IP,
        created: 'match',
        expiration: null,
        pulse_key: 'p1',
      });
      // Every record but the first (learned from) and those cut by a chunk's end.
      expect(read).toBeGreaterThan(330);
    });

    it.each([
      ['an escaped quote in a value', otxRow(9, '198.51.100."7')],
      ['a byte over 0x7f in a value', otxRow(9, 'bücher.example')],
      ['the wanted value, escaped', otxRow(9, IP, 'escaped')],
      ['a different key order', { indicator: IP, id: 9, created: 'match', type: 'IPv4' }],
      ['an object where the shape has a string', otxRow(9, { value: IP })],
      ['a number where the shape has a string', otxRow(9, 7)],
      ['null where the shape has a string', otxRow(9, null)],
      ['a fraction and an exponent where the shape has a whole number', otxRow(9.25e-3, IP, 'x')],
      ['a negative number where the shape has a whole one', otxRow(-9, IP, 'minus')],
      ['a string where the shape has a number', { ...otxRow(9, IP, 'str'), id: '9' }],
    ])('reads a record off the shape (%s) token by token, as JSON.parse does', (name, odd) => {
      const records = [...fillers(1, 20), odd, otxRow(30, IP, 'later'), ...fillers(31, 5)];
      let text = page(records);
      if (name === 'the wanted value, escaped')
        text = text.replace(`"${IP}"`, '"203.0.113.\\u0037"');
      const expected = (records as { indicator?: unknown; created?: unknown }[]).find(
        (r) => r.indicator === IP,
      )?.created;
      expect(shapeReads(text).result.matches.get(IP)?.created).toBe(expected);
    });

    it('takes no indicator from a record of the shape whose indicator is not a string', () => {
      // `true` read as a string would be `ru` between its first and last bytes: a wanted domain.
      const records = [...fillers(1, 20), otxRow(21, true, 'literal'), otxRow(22, 'ru', 'string')];
      const sut = new PulsePageScanner(new IndicatorMatcher([matchTarget('domain', 'ru')]), 1);
      sut.push(Buffer.from(page(records)));
      expect(sut.end().matches.get('ru')?.created).toBe('string');
    });

    it('takes the last indicator of a shape with two, and none from a nested object', () => {
      const twice = (id: number, first: string, last: string) =>
        `{"id":${id},"indicator":"${first}","nested":{"indicator":"${IP}"},` +
        `"created":"c${id}","indicator":"${last}"}`;
      const records = [...Array(30).keys()].map((k) =>
        k === 20 ? twice(k, '198.51.100.1', IP) : twice(k, IP, '198.51.100.2'),
      );
      const text = `{"next":null,"results":[${records.join(',')}]}`;
      const { result, read } = shapeReads(text);
      expect(result.matches.get(IP)?.created).toBe('c20');
      expect(read).toBeGreaterThan(20);
    });

    it('learns no shape of more than SHAPE_MAX_VALUES values, and reads such records right', () => {
      const wide = (id: number, indicator: string) => ({
        ...Object.fromEntries([...Array(SHAPE_MAX_VALUES).keys()].map((k) => [`k${k}`, k])),
        indicator,
        created: `w${id}`,
      });
      const records = [...Array(30).keys()].map((k) => wide(k, k === 25 ? IP : `192.0.2.${k}`));
      const { result, read } = shapeReads(page(records));
      expect(read).toBe(0);
      expect(result.matches.get(IP)?.created).toBe('w25');
      const narrow = records.map((r) => ({ k0: 0, indicator: r.indicator, created: r.created }));
      expect(shapeReads(page(narrow)).read).toBeGreaterThan(20);
    });

    it('learns a new shape when the records change shape', () => {
      const other = (id: number, indicator: string) => ({ indicator, created: `o${id}`, id });
      const records = [
        ...fillers(1, 20),
        ...[...Array(40).keys()].map((k) => other(k, `192.0.2.${k}`)),
        other(99, IP),
      ];
      const { result, read } = shapeReads(page(records));
      expect(result.matches.get(IP)?.created).toBe('o99');
      expect(read).toBeGreaterThan(50); // both shapes read by their shape
    });

    it.each([
      ['a leading zero', '"id":0123'],
      ['a bare minus', '"id":-'],
      ['a bad literal', '"expiration":nul'],
      ['a raw control character', '"type":"IP\tv4"'],
      ['null run on', '"expiration":nullx'],
      ['an empty string run on', '"type":"""'],
      ['a string run on', '"type":"IPv4"x'],
      ['a backslash before the next key', '"type":"IPv4\\'],
      ['a byte over 0x7f before the next key', '"type":"IPv4\u00e9'],
      ['a control character before the next key', '"type":"IPv4\u0001'],
      ['a number run on', '"id":15x'],
      ['a number with an empty fraction', '"id":15.'],
      ['a number with an empty exponent', '"id":15e'],
    ])('still fails a record of the shape with %s', (_name, bad) => {
      const good = page(fillers(1, 20));
      const at = good.indexOf('"id":15');
      const key = bad.slice(0, bad.indexOf(':') + 1);
      const from = good.indexOf(key, at);
      const to = good.indexOf(',', from + key.length);
      const text = good.slice(0, from) + bad + good.slice(to);
      expect(failureOf(() => scanAll(text, 4096))).toBe('BAD_RESPONSE: response is not JSON');
    });
  });
});
