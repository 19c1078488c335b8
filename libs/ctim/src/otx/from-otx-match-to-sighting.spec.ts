import { sightingFromOtxMatch } from './from-otx-match-to-sighting';
import { BEST_MATCH, BEST_PULSE, OTX_UI } from './fixtures/best-pulse';

const observable = { type: 'ip', value: '99.85.80.169' };
const id = 'transient:sighting-1';

describe(sightingFromOtxMatch.name, () => {
  it('maps the contract §6.5 match', () => {
    expect(
      sightingFromOtxMatch({
        observable,
        pulse: BEST_PULSE,
        match: BEST_MATCH,
        id,
        otxUiBaseUrl: OTX_UI,
      }),
    ).toStrictEqual({
      type: 'sighting',
      id,
      confidence: 'High',
      count: 1,
      internal: false,
      source: 'AlienVault OTX',
      schema_version: '1.0.17',
      observed_time: { start_time: '1970-01-05T00:00:00Z', end_time: '1970-01-05T00:00:00Z' },
      description: 'This is simply the best pulse in the history of humankind!',
      external_ids: ['q1w2e3r4t5y6'],
      observables: [{ type: 'ip', value: '99.85.80.169' }],
      source_uri: 'https://otx.alienvault.com/pulse/q1w2e3r4t5y6',
      title: 'Best Pulse Ever',
      tlp: 'white',
    });
  });

  it('defaults a bare pulse: empty description and title, no tlp key', () => {
    const pulse = { id: 'p1', name: null, description: null, TLP: null };
    const s = sightingFromOtxMatch({
      observable,
      pulse,
      match: BEST_MATCH,
      id,
      otxUiBaseUrl: OTX_UI,
    });
    expect(s.description).toBe('');
    expect(s.title).toBe('');
    expect('tlp' in s).toBe(false);
  });

  it('passes an unusual TLP through unchanged', () => {
    const pulse = { ...BEST_PULSE, TLP: 'Amber' };
    const s = sightingFromOtxMatch({
      observable,
      pulse,
      match: BEST_MATCH,
      id,
      otxUiBaseUrl: OTX_UI,
    });
    expect(s.tlp).toBe('Amber');
  });

  it('strips trailing slashes from the UI base URL', () => {
    const otxUiBaseUrl = 'http://127.0.0.1:4000//';
    const s = sightingFromOtxMatch({
      observable,
      pulse: BEST_PULSE,
      match: BEST_MATCH,
      id,
      otxUiBaseUrl,
    });
    expect(s.source_uri).toBe('http://127.0.0.1:4000/pulse/q1w2e3r4t5y6');
  });

  it('copies only type and value of the observable', () => {
    const extra = { type: 'ip', value: '1.2.3.4', extra: 'x' };
    const s = sightingFromOtxMatch({
      observable: extra,
      pulse: BEST_PULSE,
      match: BEST_MATCH,
      id,
      otxUiBaseUrl: OTX_UI,
    });
    expect(s.observables).toStrictEqual([{ type: 'ip', value: '1.2.3.4' }]);
  });
});
