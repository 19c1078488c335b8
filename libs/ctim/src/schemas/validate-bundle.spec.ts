import type { CtimBundle } from '../ctim.types';
import { referenceFromObservable } from '../otx/from-otx-observable-to-reference';
import { exampleBundle, exampleEntities, longId } from './fixtures/ctim-examples';
import { validateCtimBundle, validateReference } from './validate-ctim';

type Bundle = Record<string, any>;

function rejects(change: (b: Bundle) => void, error: string): void {
  const bundle = exampleBundle() as Bundle;
  change(bundle);
  const result = validateCtimBundle(bundle);
  expect(result.valid).toBe(false);
  expect(result.errors.join('\n')).toContain(error);
}

describe(validateCtimBundle.name, () => {
  it('accepts the contract §6.5 bundle with its verdict, and the empty bundle {}', () => {
    expect(validateCtimBundle(exampleBundle())).toStrictEqual({ valid: true, errors: [] });
    expect(validateCtimBundle({})).toStrictEqual({ valid: true, errors: [] });
  });

  it('accepts a deliberate answer: Verdicts alone, naming Judgements it does not carry', () => {
    const { verdict } = exampleEntities();
    expect(validateCtimBundle({ verdicts: { count: 1, docs: [verdict] } }).errors).toStrictEqual(
      [],
    );
  });

  it('accepts collections of different lengths (one Indicator per pulse, contract §11 item 12)', () => {
    const { sighting, indicator, relationship } = exampleEntities();
    const second = {
      ...relationship,
      id: 'transient:relationship-2',
      source_ref: longId('sighting'),
    };
    const bundle: CtimBundle = {
      sightings: { count: 1, docs: [sighting] },
      indicators: { count: 1, docs: [indicator] },
      relationships: { count: 2, docs: [relationship, second] },
    };
    expect(validateCtimBundle(bundle).errors).toStrictEqual([]);
  });

  it.each<[string, (b: Bundle) => void, string]>([
    ['no other key', (b) => (b.casebooks = b.sightings), '/ must NOT have additional properties'],
    [
      'count matches docs',
      (b) => (b.sightings.count = 2),
      '/sightings/count must equal the number',
    ],
    ['count required', (b) => delete b.indicators.count, "required property 'count'"],
    ['count ≥ 0', (b) => (b.indicators.count = -1), '/indicators/count must be >= 0'],
    ['no empty collection', (b) => (b.sightings = { count: 0, docs: [] }), 'fewer than 1 items'],
    ['collection closed', (b) => (b.sightings.extra = 1), '(extra)'],
    [
      'docs of the right kind',
      (b) => (b.indicators.docs = b.sightings.docs),
      '/indicators/docs/0/type must be equal to constant',
    ],
    [
      'every doc valid',
      (b) => (b.sightings.docs[0].title = 'x'.repeat(1025)),
      '/sightings/docs/0/title must NOT have more than 1024 characters',
    ],
    [
      'start ≤ end in every doc',
      (b) => (b.indicators.docs[0].valid_time.end_time = '1970-01-04T00:00:00Z'),
      '/indicators/docs/0/valid_time end_time must not be earlier than start_time',
    ],
    [
      'transient references resolve',
      (b) => (b.relationships.docs[0].target_ref = 'transient:indicator-gone'),
      '/relationships/docs/0/target_ref names no entity of the bundle',
    ],
    [
      'verdicts name a judgement of an observe bundle',
      (b) => (b.verdicts.docs[0].judgement_id = b.sightings.docs[0].id),
      '/verdicts/docs/0/judgement_id names no judgement of the bundle',
    ],
    [
      'judgement docs are judgements',
      (b) => (b.judgements.docs = b.verdicts.docs),
      "/judgements/docs/0 must have required property 'id'",
    ],
    [
      'verdict docs valid',
      (b) => (b.verdicts.docs[0].disposition_name = 'Clean'),
      '/verdicts/docs/0/disposition_name must be equal to constant',
    ],
    [
      'verdict counts',
      (b) => (b.verdicts.count = 0),
      '/verdicts/count must equal the number of docs (1)',
    ],
    [
      'judgement start ≤ end',
      (b) => (b.judgements.docs[0].valid_time.start_time = '2025-01-01T00:00:00Z'),
      '/judgements/docs/0/valid_time end_time must not be earlier than start_time',
    ],
    [
      'sighting data tables consistent',
      (b) => (b.sightings.docs[0].data = { columns: [], rows: [['x']] }),
      '/sightings/docs/0/data/rows/0 must have one cell per column (0)',
    ],
  ])('rejects a bundle that breaks "%s"', (_rule, change, error) => {
    rejects(change, error);
  });

  it.each<unknown>([null, [], 'data', 5])('rejects %p', (bundle) => {
    expect(validateCtimBundle(bundle).errors).toStrictEqual(['/ must be object']);
  });
});

describe(validateReference.name, () => {
  const valid = () =>
    referenceFromObservable({ type: 'url', value: 'http://a.b/c d' }, 'https://x.y');

  it('accepts a refer reference', () => {
    expect(validateReference(valid())).toStrictEqual({ valid: true, errors: [] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['closed map', { extra: 1 }, '(extra)'],
    ['url a URI', { url: 'x y' }, '/url must match format "uri"'],
    ['title not empty', { title: '' }, '/title must NOT have fewer than 1 characters'],
    ['categories strings', { categories: [1] }, '/categories/0 must be string'],
    ['categories required', { categories: undefined }, "required property 'categories'"],
  ])('rejects one that breaks "%s"', (_rule, change, error) => {
    const reference: Record<string, unknown> = { ...valid(), ...change };
    for (const key of Object.keys(reference))
      if (reference[key] === undefined) delete reference[key];
    expect(validateReference(reference).errors.join('\n')).toContain(error);
  });
});
