import { pythonJsonDumps, RelayException } from './relay.exception';

describe(pythonJsonDumps.name, () => {
  it.each([
    [{ _schema: ['Invalid input type.'] }, '{"_schema": ["Invalid input type."]}'],
    [
      { '0': { type: ['Field may not be blank.'], value: ['Field may not be blank.'] } },
      '{"0": {"type": ["Field may not be blank."], "value": ["Field may not be blank."]}}',
    ],
    [{ ключ: ['Unknown field.'] }, '{"\\u043a\\u043b\\u044e\\u0447": ["Unknown field."]}'],
    [[1, null, true], '[1, null, true]'],
  ])('writes %j as Python would', (value, expected) => {
    expect(pythonJsonDumps(value)).toBe(expected);
  });
});

describe(RelayException.name, () => {
  it('builds the invalid payload error of the contract', () => {
    expect(
      RelayException.invalidPayload({ '1': { value: ['Not a valid string.'] } }).error,
    ).toEqual({
      code: 'invalid payload received',
      message: 'Invalid JSON payload received. {"1": {"value": ["Not a valid string."]}}.',
      type: 'fatal',
    });
  });
});
