import { CTIM_OBSERVABLE_TYPES } from '@app/ctim';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { ObservableBatchDto, ObservableDto } from './observable.dto';

const field = fc.oneof(
  fc.constantFrom(...CTIM_OBSERVABLE_TYPES, 'IP', '', ' ', 'unknown', 'a'),
  fc.string({ maxLength: 5 }),
  fc.constantFrom(undefined, null, 0, true, {}),
);
const item = fc.record({ type: field, value: field });

function itemIsValid({ type, value }: { type: unknown; value: unknown }): boolean {
  const dto = Object.assign(new ObservableDto(), { type, value });
  return validateSync(dto).length === 0;
}

describe(ObservableBatchDto.name, () => {
  it('is valid exactly when every item is valid as an ObservableDto', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const batch = Object.assign(new ObservableBatchDto(), { items });
        expect(validateSync(batch).length === 0).toBe(items.every(itemIsValid));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a batch with one bad item among good ones', () => {
    const batch = Object.assign(new ObservableBatchDto(), {
      items: [
        { type: 'ip', value: '1.1.1.1' },
        { type: 'domain', value: 'a.example' },
        { type: 'ip', value: '  ' },
      ],
    });
    expect(validateSync(batch).map((e) => e.property)).toEqual(['items']);
  });
});
