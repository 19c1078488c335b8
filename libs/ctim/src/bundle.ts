import type {
  CtimBundle,
  CtimCollection,
  Indicator,
  Judgement,
  Relationship,
  Sighting,
  Verdict,
} from './ctim.types';

/** The entity lists of a bundle, before they are wrapped in collections. */
export interface BundleDocs {
  sightings: Sighting[];
  indicators: Indicator[];
  relationships: Relationship[];
  judgements?: Judgement[];
  verdicts?: Verdict[];
}

function collection<T>(docs: T[]): CtimCollection<T> {
  return { count: docs.length, docs };
}

/**
 * Wraps entity lists into a bundle; a key is present only when its list is
 * non-empty (relay contract §7.4), so no entities give `{}`.
 */
export function toBundle(docs: BundleDocs): CtimBundle {
  const bundle: CtimBundle = {};
  if (docs.sightings.length > 0) bundle.sightings = collection(docs.sightings);
  if (docs.indicators.length > 0) bundle.indicators = collection(docs.indicators);
  if (docs.relationships.length > 0) bundle.relationships = collection(docs.relationships);
  if (docs.judgements?.length) bundle.judgements = collection(docs.judgements);
  if (docs.verdicts?.length) bundle.verdicts = collection(docs.verdicts);
  return bundle;
}

/**
 * Concatenates bundles in order into a new bundle. Counts are recomputed from
 * the docs, and collections left empty are omitted. The inputs are not changed.
 */
export function mergeBundles(bundles: CtimBundle[]): CtimBundle {
  const docs = {
    sightings: [] as Sighting[],
    indicators: [] as Indicator[],
    relationships: [] as Relationship[],
    judgements: [] as Judgement[],
    verdicts: [] as Verdict[],
  };
  for (const b of bundles) {
    docs.sightings.push(...(b.sightings?.docs ?? []));
    docs.indicators.push(...(b.indicators?.docs ?? []));
    docs.relationships.push(...(b.relationships?.docs ?? []));
    docs.judgements.push(...(b.judgements?.docs ?? []));
    docs.verdicts.push(...(b.verdicts?.docs ?? []));
  }
  return toBundle(docs);
}

/** Whether the bundle holds no entity at all (so `data` would be `{}`). */
export function isEmptyBundle(b: CtimBundle): boolean {
  return [b.sightings, b.indicators, b.relationships, b.judgements, b.verdicts].every(
    (c) => (c?.docs.length ?? 0) === 0,
  );
}
