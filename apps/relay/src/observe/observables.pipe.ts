import { Observable } from '@app/ctim';
import { Injectable, PipeTransform } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { RelaySettings } from '../config/relay.config';
import { InjectRelaySettings } from '../config/relay-settings';
import { RelayException } from '../errors/relay.exception';
import { OBSERVABLE_FIELDS, ObservableBatchDto, ObservableDto } from './dto/observable.dto';

type FieldErrors = Record<string, string[]>;

/**
 * Validates a body as a JSON array of `{type, value}` (contract §2.1) and reports every
 * problem at once, keyed by item index then field, in the original relay's wording.
 */
@Injectable()
export class ObservablesPipe implements PipeTransform<unknown, Observable[]> {
  private readonly maxObservables: number;

  constructor(@InjectRelaySettings() settings: Pick<RelaySettings, 'maxObservables'>) {
    this.maxObservables = settings.maxObservables;
  }

  transform(body: unknown): Observable[] {
    if (!Array.isArray(body)) throw RelayException.invalidInput('Invalid input type.');
    if (body.length > this.maxObservables) {
      throw RelayException.invalidInput(
        `Too many observables: ${body.length} sent, at most ${this.maxObservables} accepted.`,
      );
    }
    // The usual body is valid: class-validator decides that in one pass over the whole batch,
    // and only a batch it refuses is walked item by item to name every problem.
    const batch = batchOf(body);
    if (batch && validateSync(batch.dto).length === 0) return batch.observables;
    const problems = emptyRecord<FieldErrors>();
    body.forEach((item: unknown, index) => {
      const itemProblems = validateItem(item);
      if (itemProblems) problems[String(index)] = itemProblems;
    });
    if (Object.keys(problems).length > 0) throw RelayException.invalidPayload(problems);
    return (body as Observable[]).map(({ type, value }) => ({ type, value }));
  }
}

/** A record without a prototype, so that a caller's `__proto__` key is just a key. */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A field as validation needs it: a list or an object only has to be "not a string", so it is
 * replaced by an empty one, which validation would otherwise walk (a value nested 10,000 deep
 * overflowed the stack).
 */
function shallow(field: unknown): unknown {
  if (typeof field !== 'object' || field === null) return field;
  return Array.isArray(field) ? [] : {};
}

/** Items that are objects with known keys only: some or all of `type` and `value`. */
function hasItemShape(item: unknown): item is Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
  return Object.keys(item).every((key) => OBSERVABLE_FIELDS.has(key));
}

/**
 * The observables of a body for one class-validator pass; undefined when an item is not an
 * object or has an unknown key (validation per item then names it).
 */
function batchOf(
  body: unknown[],
): { dto: ObservableBatchDto; observables: Observable[] } | undefined {
  const observables: Observable[] = [];
  for (const item of body) {
    if (!hasItemShape(item)) return undefined;
    observables.push({ type: item.type as string, value: item.value as string });
  }
  const dto = new ObservableBatchDto();
  dto.items = observables;
  return { dto, observables };
}

function validateItem(item: unknown): FieldErrors | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { _schema: ['Invalid input type.'] };
  }
  const record = item as Record<string, unknown>;
  // Only the known keys are copied: a `__proto__` key must never be assigned. The DTO has no
  // transforms, so class-transformer's walk (8% of a /refer answer's CPU) is not needed.
  const dto = new ObservableDto();
  dto.type = shallow(record.type) as string;
  dto.value = shallow(record.value) as string;
  const errors = emptyRecord<string[]>();
  for (const error of validateSync(dto, { stopAtFirstError: true })) {
    errors[error.property] = Object.values(error.constraints ?? {}).slice(0, 1);
  }
  for (const key of Object.keys(record)) {
    if (!OBSERVABLE_FIELDS.has(key)) errors[key] = ['Unknown field.'];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
