import { exampleBundle } from '../schemas/fixtures/ctim-examples';
import { validateCtimBundle } from '../schemas/validate-ctim';
import { buildOtxBundle } from './build-otx-bundle';
import { BEST_MATCH, BEST_PULSE, OTX_UI } from './fixtures/best-pulse';
import type { OtxMatchItem } from './otx-input.types';

function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-00000000000${n++}`;
}

const bestItem: OtxMatchItem = {
  observable: { type: 'ip', value: '99.85.80.169' },
  pulse: BEST_PULSE,
  match: BEST_MATCH,
};

describe(buildOtxBundle.name, () => {
  it('reproduces the contract §6.5 example, as written out by hand', () => {
    const { sightings, indicators, relationships } = exampleBundle();
    expect(buildOtxBundle([bestItem], { newUuid: counter(), otxUiBaseUrl: OTX_UI })).toStrictEqual({
      sightings,
      indicators,
      relationships,
    });
  });

  it('emits the §6.5 times byte for byte, and a valid bundle', () => {
    const bundle = buildOtxBundle([bestItem], { newUuid: counter(), otxUiBaseUrl: OTX_UI });
    const json = JSON.stringify(bundle);
    expect(json).toContain(
      '"observed_time":{"start_time":"1970-01-05T00:00:00Z","end_time":"1970-01-05T00:00:00Z"}',
    );
    expect(json).toContain(
      '"valid_time":{"start_time":"1970-01-05T00:00:00Z","end_time":"1970-01-06T00:00:00Z"}',
    );
    expect(validateCtimBundle(bundle)).toStrictEqual({ valid: true, errors: [] });
  });

  it('skips whole an item the mappers reject, keeps the lists aligned, draws no uuid for it', () => {
    const newUuid = jest.fn(counter());
    const bad: OtxMatchItem[] = [
      { ...bestItem, match: { ...BEST_MATCH, created: 'not a time' } },
      { ...bestItem, observable: { type: 'ipv4', value: '1.2.3.4' } },
      { ...bestItem, pulse: { ...BEST_PULSE, id: '' } },
      null as never,
    ];
    const bundle = buildOtxBundle([...bad, bestItem], { newUuid, otxUiBaseUrl: OTX_UI });
    expect(newUuid).toHaveBeenCalledTimes(2);
    expect(bundle.sightings?.count).toBe(1);
    expect(bundle.indicators?.count).toBe(1);
    expect(bundle.relationships?.docs[0].source_ref).toBe(bundle.sightings?.docs[0].id);
    expect(buildOtxBundle(bad, { newUuid, otxUiBaseUrl: OTX_UI })).toStrictEqual({});
  });

  it('gives {} for no items and asks for no uuid', () => {
    const newUuid = jest.fn(() => 'u');
    expect(buildOtxBundle([], { newUuid, otxUiBaseUrl: OTX_UI })).toStrictEqual({});
    expect(newUuid).not.toHaveBeenCalled();
  });

  it('keeps item order and aligns the three lists', () => {
    const second: OtxMatchItem = {
      observable: { type: 'domain', value: 'example.com' },
      pulse: { id: '5d4d574bb0f449aa86b70f90', name: 'Second' },
      match: { indicator: 'example.com', created: '2020-01-01T00:00:00' },
    };
    const bundle = buildOtxBundle([bestItem, second], { newUuid: counter(), otxUiBaseUrl: OTX_UI });
    expect(bundle.sightings?.count).toBe(2);
    expect(bundle.indicators?.count).toBe(2);
    expect(bundle.relationships?.count).toBe(2);
    expect(bundle.sightings?.docs.map((s) => s.title)).toStrictEqual(['Best Pulse Ever', 'Second']);
    expect(bundle.indicators?.docs[1].id).toBe(
      'transient:indicator-7729f384-eac9-57ab-a22d-80b10bb6e27f',
    );
    expect(bundle.sightings?.docs[1].id).toBe(
      'transient:sighting-00000000-0000-4000-8000-000000000002',
    );
    bundle.relationships?.docs.forEach((rel, i) => {
      expect(rel.source_ref).toBe(bundle.sightings?.docs[i].id);
      expect(rel.target_ref).toBe(bundle.indicators?.docs[i].id);
    });
  });
});
