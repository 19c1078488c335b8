import { isRecord } from '../is-record';

// The rules of relay contract §9 that JSON Schema cannot express. Each reads
// its input defensively, so it can run on data the schema has rejected.

const SPAN_OF: Readonly<Record<string, string>> = {
  sighting: 'observed_time',
  indicator: 'valid_time',
};

const instant = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : NaN);

/** CTIM ValidTime/ObservedTime: `start_time` ≤ `end_time` when both are present. */
export function timeOrderErrors(entity: unknown, path: string): string[] {
  if (!isRecord(entity) || typeof entity.type !== 'string') return [];
  const key = Object.hasOwn(SPAN_OF, entity.type) ? SPAN_OF[entity.type] : undefined;
  const span = key === undefined ? undefined : entity[key];
  if (!isRecord(span)) return [];
  // NaN compares false, so unparsable times are left to the schema's errors.
  return instant(span.start_time) > instant(span.end_time)
    ? [`${path}/${key} end_time must not be earlier than start_time`]
    : [];
}

const COLLECTIONS = ['sightings', 'indicators', 'relationships'] as const;

function docsOf(bundle: Record<string, unknown>, key: string): unknown[] {
  const collection = bundle[key];
  return isRecord(collection) && Array.isArray(collection.docs) ? collection.docs : [];
}

/** `count` equals the number of docs in each collection. */
function countErrors(bundle: Record<string, unknown>): string[] {
  return COLLECTIONS.flatMap((key) => {
    const collection = bundle[key];
    if (!isRecord(collection) || !Array.isArray(collection.docs)) return [];
    return collection.count === collection.docs.length
      ? []
      : [`/${key}/count must equal the number of docs (${collection.docs.length})`];
  });
}

/**
 * A transient id is local to one response, so a relationship's transient
 * `source_ref`/`target_ref` must name an entity of the same bundle.
 */
function danglingRefErrors(bundle: Record<string, unknown>): string[] {
  const ids = new Set(
    COLLECTIONS.flatMap((key) => docsOf(bundle, key)).map((d) => (isRecord(d) ? d.id : undefined)),
  );
  return docsOf(bundle, 'relationships').flatMap((rel, i) =>
    (['source_ref', 'target_ref'] as const).flatMap((field) => {
      const ref = isRecord(rel) ? rel[field] : undefined;
      const dangling = typeof ref === 'string' && ref.startsWith('transient:') && !ids.has(ref);
      return dangling ? [`/relationships/docs/${i}/${field} names no entity of the bundle`] : [];
    }),
  );
}

/** Every rule of a bundle beyond its schema: counts, time order, transient references. */
export function bundleConsistencyErrors(bundle: unknown): string[] {
  if (!isRecord(bundle)) return [];
  const timeErrors = COLLECTIONS.flatMap((key) =>
    docsOf(bundle, key).flatMap((doc, i) => timeOrderErrors(doc, `/${key}/docs/${i}`)),
  );
  return [...countErrors(bundle), ...timeErrors, ...danglingRefErrors(bundle)];
}
