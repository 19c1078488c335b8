import type { Sighting } from '../ctim.types';
import { exampleEntities } from '../schemas/fixtures/ctim-examples';
import { validateCtimEntity } from '../schemas/validate-ctim';
import { sightingFromOtxMatch } from './from-otx-match-to-sighting';
import { BEST_MATCH, BEST_PULSE, OTX_UI } from './fixtures/best-pulse';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';

const observable = { type: 'ip', value: '99.85.80.169' };
const id = 'transient:sighting-1';

function sighting(over: {
  pulse?: OtxPulseInput;
  match?: OtxIndicatorInput;
  observable?: { type: string; value: string };
  otxUiBaseUrl?: string;
}): Sighting | null {
  // `in`, not `??`, so that a test can pass null on purpose.
  return sightingFromOtxMatch({
    observable: 'observable' in over ? over.observable! : observable,
    pulse: 'pulse' in over ? over.pulse! : BEST_PULSE,
    match: 'match' in over ? over.match! : BEST_MATCH,
    id,
    otxUiBaseUrl: over.otxUiBaseUrl ?? OTX_UI,
  });
}

function mustSight(over: Parameters<typeof sighting>[0]): Sighting {
  const s = sighting(over);
  if (s === null) throw new Error('expected a Sighting');
  return s;
}

describe(sightingFromOtxMatch.name, () => {
  it('maps the contract §6.5 match, and the result is valid CTIM', () => {
    const s = sighting({});
    // The hand-written §6.5 Sighting, with this test's id.
    expect(s).toStrictEqual({ ...exampleEntities().sighting, id });
    expect(validateCtimEntity(s)).toStrictEqual({ valid: true, errors: [] });
  });

  it('defaults a bare pulse: empty description and title, no tlp key', () => {
    const s = mustSight({ pulse: { id: 'p1', name: null, description: null, TLP: null } });
    expect(s.description).toBe('');
    expect(s.title).toBe('');
    expect('tlp' in s).toBe(false);
  });

  // Changed on purpose (contract §11 item 16): the TLP used to pass through unchanged.
  it.each([
    ['Amber', 'amber'],
    ['TLP:CLEAR', 'white'],
    ['amber+strict', 'amber'],
  ])('normalises TLP %j to %j', (TLP, expected) => {
    expect(mustSight({ pulse: { ...BEST_PULSE, TLP } }).tlp).toBe(expected);
  });

  it('omits a TLP CTIM does not know', () => {
    expect('tlp' in mustSight({ pulse: { ...BEST_PULSE, TLP: 'purple' } })).toBe(false);
  });

  it('cuts the description to 5000 and the title to 1024 characters', () => {
    const pulse = { ...BEST_PULSE, name: 'n'.repeat(1025), description: 'd'.repeat(6000) };
    const s = mustSight({ pulse });
    expect(s.title).toBe(`${'n'.repeat(1023)}…`);
    expect(s.description).toBe(`${'d'.repeat(4999)}…`);
    expect(validateCtimEntity(s).valid).toBe(true);
  });

  it("takes the observed time from the matching record, never from the pulse's own dates", () => {
    const pulse = {
      ...BEST_PULSE,
      created: '2001-01-01T00:00:00',
      modified: '2002-02-02T00:00:00',
    };
    const match = { ...BEST_MATCH, created: '2019-02-11T10:55:29', expiration: null };
    expect(mustSight({ pulse, match }).observed_time).toEqual({
      start_time: '2019-02-11T10:55:29Z',
      end_time: '2019-02-11T10:55:29Z',
    });
  });

  it('serialises a fractional created time with milliseconds in UTC', () => {
    const match = { ...BEST_MATCH, created: '2021-05-05T10:11:12.123000' };
    expect(mustSight({ match }).observed_time).toStrictEqual({
      start_time: '2021-05-05T10:11:12.123Z',
      end_time: '2021-05-05T10:11:12.123Z',
    });
  });

  it('strips trailing slashes from the UI base URL', () => {
    const s = mustSight({ otxUiBaseUrl: 'http://127.0.0.1:4000//' });
    expect(s.source_uri).toBe('http://127.0.0.1:4000/pulse/q1w2e3r4t5y6');
  });

  it('percent-encodes an unusual pulse id in source_uri but keeps it in external_ids', () => {
    const s = mustSight({ pulse: { ...BEST_PULSE, id: 'a b/c' } });
    expect(s.source_uri).toBe('https://otx.alienvault.com/pulse/a%20b%2Fc');
    expect(s.external_ids).toStrictEqual(['a b/c']);
  });

  it('copies only type and value of the observable', () => {
    const s = mustSight({ observable: { type: 'ip', value: '1.2.3.4', extra: 'x' } as never });
    expect(s.observables).toStrictEqual([{ type: 'ip', value: '1.2.3.4' }]);
  });

  it.each<[string, Parameters<typeof sighting>[0]]>([
    ['created does not parse', { match: { ...BEST_MATCH, created: '1970-02-30T00:00:00' } }],
    ['created is missing', { match: { indicator: 'x' } as never }],
    ['the pulse id is empty', { pulse: { ...BEST_PULSE, id: '' } }],
    ['the pulse id is not a string', { pulse: { ...BEST_PULSE, id: 42 } as never }],
    ['the pulse URL would pass 2048', { pulse: { ...BEST_PULSE, id: 'x'.repeat(2030) } }],
    ['the observable type is not CTIM', { observable: { type: 'ipv4', value: '1.2.3.4' } }],
    ['the observable value is not a string', { observable: { type: 'ip', value: 1 } as never }],
    ['the match is null', { match: null as never }],
    ['the pulse is null', { pulse: null as never }],
  ])('is null when %s', (_why, over) => {
    expect(sighting(over)).toBeNull();
  });
});
