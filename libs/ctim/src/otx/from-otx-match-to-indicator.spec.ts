import { indicatorFromOtxMatch } from './from-otx-match-to-indicator';
import { BEST_MATCH, BEST_PULSE, OTX_UI } from './fixtures/best-pulse';

describe(indicatorFromOtxMatch.name, () => {
  it('maps the contract §6.5 match', () => {
    expect(
      indicatorFromOtxMatch({ pulse: BEST_PULSE, match: BEST_MATCH, otxUiBaseUrl: OTX_UI }),
    ).toStrictEqual({
      type: 'indicator',
      id: 'transient:indicator-8aaf75fe-7be6-57c4-89b7-39bd717e84f6',
      confidence: 'High',
      source: 'AlienVault OTX',
      schema_version: '1.0.17',
      producer: 'JoriQ',
      valid_time: { start_time: '1970-01-05T00:00:00Z', end_time: '1970-01-06T00:00:00Z' },
      external_ids: ['q1w2e3r4t5y6'],
      short_description: 'This is simply the best pulse in the history of humankind!',
      source_uri: 'https://otx.alienvault.com/pulse/q1w2e3r4t5y6',
      tags: ['open', 'threat', 'exchange'],
      title: 'Best Pulse Ever',
      tlp: 'white',
    });
  });

  it.each([null, undefined, ''])('has no end_time when expiration is %j', (expiration) => {
    const match = { ...BEST_MATCH, expiration };
    const ind = indicatorFromOtxMatch({ pulse: BEST_PULSE, match, otxUiBaseUrl: OTX_UI });
    expect(ind.valid_time).toStrictEqual({ start_time: '1970-01-05T00:00:00Z' });
  });

  it('defaults a bare pulse', () => {
    const pulse = { id: 'p1', description: '', tags: null, TLP: null, author: null };
    const ind = indicatorFromOtxMatch({ pulse, match: BEST_MATCH, otxUiBaseUrl: OTX_UI });
    expect(ind.short_description).toBe('');
    expect(ind.title).toBe('');
    expect(ind.tags).toStrictEqual([]);
    expect(ind.producer).toBe('AlienVault OTX');
    expect('tlp' in ind).toBe(false);
  });

  it.each([{ username: '' }, { username: null }, {}])(
    'falls back producer for author %j',
    (author) => {
      const ind = indicatorFromOtxMatch({
        pulse: { ...BEST_PULSE, author },
        match: BEST_MATCH,
        otxUiBaseUrl: OTX_UI,
      });
      expect(ind.producer).toBe('AlienVault OTX');
    },
  );

  it('does not share the tags array with the pulse', () => {
    const pulse = { ...BEST_PULSE, tags: ['a'] };
    const ind = indicatorFromOtxMatch({ pulse, match: BEST_MATCH, otxUiBaseUrl: OTX_UI });
    ind.tags.push('b');
    expect(pulse.tags).toStrictEqual(['a']);
  });

  it('gives two matches of one pulse the same id', () => {
    const other = { indicator: 'x', created: '2020-01-01T00:00:00' };
    const a = indicatorFromOtxMatch({ pulse: BEST_PULSE, match: BEST_MATCH, otxUiBaseUrl: OTX_UI });
    const b = indicatorFromOtxMatch({ pulse: BEST_PULSE, match: other, otxUiBaseUrl: OTX_UI });
    expect(a.id).toBe(b.id);
  });
});
