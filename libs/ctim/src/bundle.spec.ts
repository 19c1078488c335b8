import { isEmptyBundle, mergeBundles } from './bundle';
import type {
  CtimBundle,
  Indicator,
  Judgement,
  Relationship,
  Sighting,
  Verdict,
} from './ctim.types';

const s = (n: number) => ({ type: 'sighting', id: `s${n}` }) as Sighting;
const i = (n: number) => ({ type: 'indicator', id: `i${n}` }) as Indicator;
const r = (n: number) => ({ type: 'relationship', id: `r${n}` }) as Relationship;
const j = (n: number) => ({ type: 'judgement', id: `j${n}` }) as Judgement;
const v = (n: number) => ({ type: 'verdict', judgement_id: `j${n}` }) as Verdict;

describe(mergeBundles.name, () => {
  it('concatenates in order and recomputes counts', () => {
    const a: CtimBundle = {
      sightings: { count: 1, docs: [s(1)] },
      indicators: { count: 1, docs: [i(1)] },
      relationships: { count: 1, docs: [r(1)] },
    };
    const b: CtimBundle = {
      sightings: { count: 99, docs: [s(2), s(3)] },
      relationships: { count: 2, docs: [r(2), r(3)] },
    };
    expect(mergeBundles([a, {}, b])).toStrictEqual({
      sightings: { count: 3, docs: [s(1), s(2), s(3)] },
      indicators: { count: 1, docs: [i(1)] },
      relationships: { count: 3, docs: [r(1), r(2), r(3)] },
    });
  });

  it('concatenates judgements and verdicts too, after the other collections', () => {
    const observe: CtimBundle = {
      sightings: { count: 1, docs: [s(1)] },
      judgements: { count: 1, docs: [j(1)] },
      verdicts: { count: 1, docs: [v(1)] },
    };
    const deliberate: CtimBundle = { verdicts: { count: 5, docs: [v(2)] } };
    const merged = mergeBundles([observe, deliberate, { judgements: { count: 0, docs: [] } }]);
    expect(merged).toStrictEqual({
      sightings: { count: 1, docs: [s(1)] },
      judgements: { count: 1, docs: [j(1)] },
      verdicts: { count: 2, docs: [v(1), v(2)] },
    });
    expect(Object.keys(merged)).toStrictEqual(['sightings', 'judgements', 'verdicts']);
  });

  it('omits keys whose collections are empty', () => {
    const merged = mergeBundles([{ sightings: { count: 0, docs: [] } }, { indicators: undefined }]);
    expect(merged).toStrictEqual({});
    expect(mergeBundles([])).toStrictEqual({});
  });

  it('does not change its inputs', () => {
    const a: CtimBundle = { sightings: { count: 1, docs: [s(1)] } };
    mergeBundles([a, { sightings: { count: 1, docs: [s(2)] } }]);
    expect(a).toStrictEqual({ sightings: { count: 1, docs: [s(1)] } });
  });
});

describe(isEmptyBundle.name, () => {
  it.each<[CtimBundle, boolean]>([
    [{}, true],
    [{ sightings: { count: 0, docs: [] } }, true],
    [{ indicators: { count: 1, docs: [i(1)] } }, false],
    [{ relationships: { count: 1, docs: [r(1)] } }, false],
    [{ sightings: { count: 1, docs: [s(1)] } }, false],
    [{ judgements: { count: 1, docs: [j(1)] } }, false],
    [{ verdicts: { count: 1, docs: [v(1)] } }, false],
    [{ judgements: { count: 0, docs: [] }, verdicts: { count: 0, docs: [] } }, true],
  ])('%j → %s', (bundle, expected) => {
    expect(isEmptyBundle(bundle)).toBe(expected);
  });
});
