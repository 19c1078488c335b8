import { isRecord } from '../is-record';

// The rules of relay contract §9 that JSON Schema cannot express. Each reads
// its input defensively, so it can run on data the schema has rejected.

const SPAN_OF: Readonly<Record<string, string>> = {
  sighting: 'observed_time',
  indicator: 'valid_time',
  judgement: 'valid_time',
  verdict: 'valid_time',
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

/**
 * A Sighting data table: every row has one cell per column, and `row_count`, when present,
 * equals the number of rows.
 */
export function dataTableErrors(entity: unknown, path: string): string[] {
  if (!isRecord(entity) || entity.type !== 'sighting' || !isRecord(entity.data)) return [];
  const { columns, rows, row_count } = entity.data;
  if (!Array.isArray(columns) || !Array.isArray(rows)) return [];
  const errors = rows.flatMap((row, i) =>
    Array.isArray(row) && row.length !== columns.length
      ? [`${path}/data/rows/${i} must have one cell per column (${columns.length})`]
      : [],
  );
  if (typeof row_count === 'number' && row_count !== rows.length) {
    errors.push(`${path}/data/row_count must equal the number of rows (${rows.length})`);
  }
  return errors;
}

/** Every rule of one entity beyond its schema. */
export function entityConsistencyErrors(entity: unknown, path: string): string[] {
  return [...timeOrderErrors(entity, path), ...dataTableErrors(entity, path)];
}

const COLLECTIONS = ['sightings', 'indicators', 'relationships', 'judgements', 'verdicts'] as const;

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

const isDangling = (ref: unknown, ids: ReadonlySet<unknown>) =>
  typeof ref === 'string' && ref.startsWith('transient:') && !ids.has(ref);

/**
 * A transient id is local to one response, so a relationship's transient
 * `source_ref`/`target_ref` must name an entity of the same bundle, and so must a
 * Verdict's transient `judgement_id` when the bundle carries Judgements (observe). A
 * deliberate answer carries Verdicts alone: there the Judgement is not part of the answer.
 */
function danglingRefErrors(bundle: Record<string, unknown>): string[] {
  const idsOf = (keys: readonly string[]) =>
    new Set(
      keys.flatMap((key) => docsOf(bundle, key)).map((d) => (isRecord(d) ? d.id : undefined)),
    );
  const ids = idsOf(COLLECTIONS);
  const relationships = docsOf(bundle, 'relationships').flatMap((rel, i) =>
    (['source_ref', 'target_ref'] as const).flatMap((field) =>
      isDangling(isRecord(rel) ? rel[field] : undefined, ids)
        ? [`/relationships/docs/${i}/${field} names no entity of the bundle`]
        : [],
    ),
  );
  if (docsOf(bundle, 'judgements').length === 0) return relationships;
  const judgementIds = idsOf(['judgements']);
  const verdicts = docsOf(bundle, 'verdicts').flatMap((verdict, i) =>
    isDangling(isRecord(verdict) ? verdict.judgement_id : undefined, judgementIds)
      ? [`/verdicts/docs/${i}/judgement_id names no judgement of the bundle`]
      : [],
  );
  return [...relationships, ...verdicts];
}

/** Every rule of a bundle beyond its schema: counts, per-doc rules, transient references. */
export function bundleConsistencyErrors(bundle: unknown): string[] {
  if (!isRecord(bundle)) return [];
  const docErrors = COLLECTIONS.flatMap((key) =>
    docsOf(bundle, key).flatMap((doc, i) => entityConsistencyErrors(doc, `/${key}/docs/${i}`)),
  );
  return [...countErrors(bundle), ...docErrors, ...danglingRefErrors(bundle)];
}
