import { RelayException } from '../errors/relay.exception';
import { ObservablesPipe } from './observables.pipe';

const pipe = new ObservablesPipe({ maxObservables: 3 });

function messageFor(body: unknown): string {
  try {
    pipe.transform(body);
  } catch (error) {
    expect(error).toBeInstanceOf(RelayException);
    expect((error as RelayException).error.code).toBe('invalid payload received');
    return (error as RelayException).error.message;
  }
  throw new Error('expected the pipe to reject the body');
}

describe(ObservablesPipe.name, () => {
  it.each([
    [undefined, '{"_schema": ["Invalid input type."]}'],
    [null, '{"_schema": ["Invalid input type."]}'],
    [{ type: 'ip', value: '1.1.1.1' }, '{"_schema": ["Invalid input type."]}'],
    ['text', '{"_schema": ["Invalid input type."]}'],
    [[{ type: 'ip', value: '' }], '{"0": {"value": ["Field may not be blank."]}}'],
    [[{ type: 'ip' }], '{"0": {"value": ["Missing data for required field."]}}'],
    [[{ type: 'ip', value: 1 }], '{"0": {"value": ["Not a valid string."]}}'],
    [[{ type: null, value: 'a' }], '{"0": {"type": ["Field may not be null."]}}'],
    [[{ type: 'ip', value: 'x', extra: 1 }], '{"0": {"extra": ["Unknown field."]}}'],
    [['x'], '{"0": {"_schema": ["Invalid input type."]}}'],
    [
      [{ type: '', value: '' }, { type: 'ip' }],
      '{"0": {"type": ["Field may not be blank."], "value": ["Field may not be blank."]}, ' +
        '"1": {"value": ["Missing data for required field."]}}',
    ],
    [[{ type: 'ip', value: '   ' }], '{"0": {"value": ["Field may not be blank."]}}'],
    [[{ type: 'IP', value: 'a' }], '{"0": {"type": ["Not a valid CTIM observable type."]}}'],
    [[{ type: 'ip', value: 'a' }, [1]], '{"1": {"_schema": ["Invalid input type."]}}'],
  ])('rejects %j', (body, details) => {
    expect(messageFor(body)).toBe(`Invalid JSON payload received. ${details}.`);
  });

  it('reports a __proto__ key as an unknown field without touching any prototype', () => {
    const body: unknown = JSON.parse(
      '[{"type": "ip", "value": "a", "__proto__": {"polluted": 1}}]',
    );
    expect(messageFor(body)).toBe(
      'Invalid JSON payload received. {"0": {"__proto__": ["Unknown field."]}}.',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects more observables than MAX_OBSERVABLES', () => {
    const body = Array.from({ length: 4 }, () => ({ type: 'ip', value: '1.1.1.1' }));
    expect(messageFor(body)).toBe(
      'Invalid JSON payload received. ' +
        '{"_schema": ["Too many observables: 4 sent, at most 3 accepted."]}.',
    );
  });

  it('returns the observables, keeping CTIM types the relay does not query', () => {
    const body = [
      { type: 'ip', value: '1.1.1.1' },
      { type: 'device', value: 'laptop-1' },
    ];
    expect(pipe.transform(body)).toEqual(body);
    expect(pipe.transform([])).toEqual([]);
  });
});
