import type { Indicator } from '../ctim.types';
import { exampleEntities } from '../schemas/fixtures/ctim-examples';
import { validateCtimEntity } from '../schemas/validate-ctim';
import { indicatorFromOtxMatch } from './from-otx-match-to-indicator';
import { BEST_MATCH, BEST_PULSE, OTX_UI } from './fixtures/best-pulse';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';

function indicator(pulse: OtxPulseInput, match: OtxIndicatorInput = BEST_MATCH): Indicator | null {
  return indicatorFromOtxMatch({ pulse, match, otxUiBaseUrl: OTX_UI });
}

function must(pulse: OtxPulseInput, match?: OtxIndicatorInput): Indicator {
  const ind = indicator(pulse, match);
  if (ind === null) throw new Error('expected an Indicator');
  return ind;
}

describe(indicatorFromOtxMatch.name, () => {
  it('maps the contract §6.5 match, and the result is valid CTIM', () => {
    const ind = indicator(BEST_PULSE);
    expect(ind).toStrictEqual(exampleEntities().indicator);
    expect(validateCtimEntity(ind)).toStrictEqual({ valid: true, errors: [] });
  });

  it.each<unknown>([null, undefined, '', 'never', '1970-01-04T23:59:59', 7])(
    'has no end_time when expiration is %j (missing, unreadable or before created)',
    (expiration) => {
      const ind = must(BEST_PULSE, { ...BEST_MATCH, expiration } as OtxIndicatorInput);
      expect(ind.valid_time).toStrictEqual({ start_time: '1970-01-05T00:00:00Z' });
    },
  );

  it("takes the valid time from the matching record, never from the pulse's own dates", () => {
    const pulse = {
      ...BEST_PULSE,
      created: '2001-01-01T00:00:00',
      modified: '2002-02-02T00:00:00',
    };
    const match = {
      ...BEST_MATCH,
      created: '2019-02-11T10:55:29',
      expiration: '2019-03-11T10:55:29',
    };
    expect(must(pulse, match).valid_time).toStrictEqual({
      start_time: '2019-02-11T10:55:29Z',
      end_time: '2019-03-11T10:55:29Z',
    });
  });

  it('converts a zoned expiration to UTC', () => {
    const ind = must(BEST_PULSE, { ...BEST_MATCH, expiration: '1970-01-06T02:00:00+02:00' });
    expect(ind.valid_time.end_time).toBe('1970-01-06T00:00:00Z');
  });

  it('defaults a bare pulse', () => {
    const ind = must({ id: 'p1', description: '', tags: null, TLP: null, author: null });
    expect(ind.short_description).toBe('');
    expect(ind.title).toBe('');
    expect(ind.tags).toStrictEqual([]);
    expect(ind.producer).toBe('AlienVault OTX');
    expect('tlp' in ind).toBe(false);
  });

  it.each([{ username: '' }, { username: null }, {}, 'JoriQ', 5])(
    'falls back producer for author %j',
    (author) => {
      expect(must({ ...BEST_PULSE, author } as OtxPulseInput).producer).toBe('AlienVault OTX');
    },
  );

  it('cuts short_description to 2048, title, producer and each tag to 1024', () => {
    const ind = must({
      ...BEST_PULSE,
      name: 't'.repeat(2000),
      description: 'd'.repeat(3000),
      author: { username: 'u'.repeat(1025) },
      tags: ['ok', 'g'.repeat(1100)],
    });
    expect(ind.title).toBe(`${'t'.repeat(1023)}…`);
    expect(ind.short_description).toBe(`${'d'.repeat(2047)}…`);
    expect(ind.producer).toBe(`${'u'.repeat(1023)}…`);
    expect(ind.tags).toStrictEqual(['ok', `${'g'.repeat(1023)}…`]);
    expect(validateCtimEntity(ind).valid).toBe(true);
  });

  it('drops tags that are not strings', () => {
    const tags = ['a', 1, null, { x: 1 }, ['b'], 'c'] as unknown as string[];
    expect(must({ ...BEST_PULSE, tags }).tags).toStrictEqual(['a', 'c']);
  });

  it('does not share the tags array with the pulse', () => {
    const pulse = { ...BEST_PULSE, tags: ['a'] };
    must(pulse).tags.push('b');
    expect(pulse.tags).toStrictEqual(['a']);
  });

  it('gives two matches of one pulse the same id', () => {
    const other = { indicator: 'x', created: '2020-01-01T00:00:00' };
    expect(must(BEST_PULSE).id).toBe(must(BEST_PULSE, other).id);
  });

  it.each<[string, OtxPulseInput, OtxIndicatorInput]>([
    ['created does not parse', BEST_PULSE, { ...BEST_MATCH, created: 'yesterday' }],
    ['created is not a string', BEST_PULSE, { ...BEST_MATCH, created: 0 as never }],
    ['the pulse has no id', { name: 'x' } as never, BEST_MATCH],
    ['the match is not an object', BEST_PULSE, 'x' as never],
  ])('is null when %s', (_why, pulse, match) => {
    expect(indicator(pulse, match)).toBeNull();
  });
});
