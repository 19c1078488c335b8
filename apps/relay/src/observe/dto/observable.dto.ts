import { isCtimObservableType } from '@app/ctim';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/** The marshmallow wording of the original relay, per failing value (contract §2.1). */
function stringFieldProblem(value: unknown): string | null {
  if (value === undefined) return 'Missing data for required field.';
  if (value === null) return 'Field may not be null.';
  if (typeof value !== 'string') return 'Not a valid string.';
  if (value.trim() === '') return 'Field may not be blank.';
  return null;
}

/** Builds a property decorator from a function that names the problem, or null when valid. */
function ValidateWith(
  name: string,
  problem: (value: unknown) => string | null,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args?: ValidationArguments) => problem(args?.value) ?? '',
      },
    },
    options,
  );
}

/** A CTIM observable type (contract §9.2): the closed vocabulary, case-sensitive. */
function typeProblem(value: unknown): string | null {
  const problem = stringFieldProblem(value);
  if (problem) return problem;
  return isCtimObservableType(value) ? null : 'Not a valid CTIM observable type.';
}

/** One observable of a request body: exactly `type` and `value`. */
export class ObservableDto {
  @ApiProperty({
    description:
      'CTIM observable type (case-sensitive). OTX is asked about ip, ipv6, domain, url, md5, ' +
      'sha1 and sha256; email is only referred; other CTIM types are accepted and skipped.',
    example: 'ip',
  })
  @ValidateWith('isObservableType', typeProblem)
  type!: string;

  @ApiProperty({ description: 'The observable itself, not blank', example: '198.51.100.10' })
  @ValidateWith('isRequiredString', stringFieldProblem)
  value!: string;
}

/** The first problem of any item under the rules of {@link ObservableDto}, or null. */
function batchProblem(items: unknown): string | null {
  if (!Array.isArray(items)) return 'Invalid input type.';
  for (const item of items as { type: unknown; value: unknown }[]) {
    const problem = typeProblem(item.type) ?? stringFieldProblem(item.value);
    if (problem) return problem;
  }
  return null;
}

/**
 * The items of a body, under the same rules as {@link ObservableDto}, decided by one
 * class-validator constraint instead of one per item and field: each validation class-validator
 * runs costs it a fixed 2 µs or so, most of a `/refer` answer's validation. It only says whether
 * the batch is valid; the problems of an invalid one are found item by item with ObservableDto.
 */
export class ObservableBatchDto {
  @ValidateWith('isObservableBatch', batchProblem)
  items!: { type: unknown; value: unknown }[];
}

export const OBSERVABLE_FIELDS: ReadonlySet<string> = new Set(['type', 'value']);
