import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { BUNDLE_SCHEMA } from './bundle.schema';
import { bundleConsistencyErrors, entityConsistencyErrors } from './ctim-consistency';
import { INDICATOR_SCHEMA } from './indicator.schema';
import { JUDGEMENT_SCHEMA } from './judgement.schema';
import { REFERENCE_SCHEMA } from './reference.schema';
import { RELATIONSHIP_SCHEMA } from './relationship.schema';
import { SIGHTING_SCHEMA } from './sighting.schema';
import { VERDICT_SCHEMA } from './verdict.schema';

/** The outcome of a validation: `errors` lists every problem found, `[]` when valid. */
export interface CtimValidationResult {
  valid: boolean;
  errors: string[];
}

/** The JSON Schemas (draft-07) of what the relay emits, by name. */
export const CTIM_SCHEMAS = {
  sighting: SIGHTING_SCHEMA,
  indicator: INDICATOR_SCHEMA,
  relationship: RELATIONSHIP_SCHEMA,
  judgement: JUDGEMENT_SCHEMA,
  verdict: VERDICT_SCHEMA,
  bundle: BUNDLE_SCHEMA,
  reference: REFERENCE_SCHEMA,
} as const;

type SchemaName = keyof typeof CTIM_SCHEMAS;
type Validators = Record<SchemaName, ValidateFunction>;

let compiled: Validators | undefined;

/** Compiles every schema once, on first use, and keeps the validators. */
function validators(): Validators {
  if (compiled) return compiled;
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // CTIM counts Java chars (UTF-16 code units); Ajv counts code points unless
    // told otherwise. Ajv 8 marks the option deprecated but honours it, and
    // its logger would print only that notice: strict mode throws for the rest.
    unicode: false,
    logger: false,
  });
  addFormats(ajv, ['date-time', 'uri']);
  // The entity schemas are compiled (and so registered by `$id`) before the
  // bundle schema, whose collections `$ref` them.
  compiled = {
    sighting: ajv.compile(SIGHTING_SCHEMA),
    indicator: ajv.compile(INDICATOR_SCHEMA),
    relationship: ajv.compile(RELATIONSHIP_SCHEMA),
    judgement: ajv.compile(JUDGEMENT_SCHEMA),
    verdict: ajv.compile(VERDICT_SCHEMA),
    bundle: ajv.compile(BUNDLE_SCHEMA),
    reference: ajv.compile(REFERENCE_SCHEMA),
  };
  return compiled;
}

function describe(e: ErrorObject): string {
  const extra =
    e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
  const allowed = e.keyword === 'enum' ? ` (${JSON.stringify(e.params.allowedValues)})` : '';
  return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}${allowed}`;
}

function run(name: SchemaName, value: unknown, extraErrors: string[]): CtimValidationResult {
  const validate = validators()[name];
  validate(value);
  const errors = [...(validate.errors ?? []).map(describe), ...extraErrors];
  return { valid: errors.length === 0, errors };
}

const ENTITY_TYPES = ['sighting', 'indicator', 'relationship', 'judgement', 'verdict'] as const;

/**
 * Validates one CTIM entity the relay emits (Sighting, Indicator, Relationship,
 * Judgement or Verdict, chosen by its `type`) against {@link CTIM_SCHEMAS}, and
 * checks what the schemas cannot: a ValidTime/ObservedTime start not after its
 * end, and a Sighting data table with one cell per column in every row. Never throws.
 * @example validateCtimEntity({ type: 'relationship' }).valid // false
 */
export function validateCtimEntity(entity: unknown): CtimValidationResult {
  const type = (entity as { type?: unknown } | null)?.type;
  const kind = ENTITY_TYPES.find((t) => t === type);
  if (!kind) {
    return { valid: false, errors: [`/type must be one of ${ENTITY_TYPES.join(', ')}`] };
  }
  return run(kind, entity, entityConsistencyErrors(entity, ''));
}

/**
 * Validates the `data` of an observe or deliberate response: the bundle schema
 * with every doc checked as in {@link validateCtimEntity}, plus `count` equal to
 * the number of docs, every transient `source_ref`/`target_ref` naming an entity
 * of the bundle, and, in a bundle that carries Judgements, every transient
 * Verdict `judgement_id` naming one of them (a deliberate answer carries
 * Verdicts alone, so there it is not checked). Never throws.
 */
export function validateCtimBundle(bundle: unknown): CtimValidationResult {
  return run('bundle', bundle, bundleConsistencyErrors(bundle));
}

/** Validates one refer item against the reference schema (relay contract §8). Never throws. */
export function validateReference(reference: unknown): CtimValidationResult {
  return run('reference', reference, []);
}
