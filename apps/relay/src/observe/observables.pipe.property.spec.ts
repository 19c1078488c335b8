import { CTIM_OBSERVABLE_TYPES } from '@app/ctim';
import fc from 'fast-check';
import { RelayException } from '../errors/relay.exception';
import { ObservablesPipe } from './observables.pipe';

// Property tests of the validation pipe (issue 5, hostile input): whatever a caller sends,
// the pipe either returns valid `{type, value}` pairs or throws the relay's own
// `invalid payload received` error, and never touches Object.prototype.

const MAX_OBSERVABLES = 20;

const pipe = new ObservablesPipe({ maxObservables: MAX_OBSERVABLES });

const ctimTypes: ReadonlySet<string> = new Set(CTIM_OBSERVABLE_TYPES);

/** Any UTF-16 code unit, lone surrogates included. */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const controlUnit = fc.constantFrom(
  '\u0000',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
);
const anyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: utf16Unit, maxLength: 30 }),
  fc.string({ unit: controlUnit, maxLength: 8 }),
  fc.constantFrom('', ' ', '../', '?', '#', '%2F', 'a/b', ' \r\n'),
);
const anyType = fc.oneof(
  fc.constantFrom(...CTIM_OBSERVABLE_TYPES),
  fc.constantFrom('IP', 'Ip', ' ip', 'ip ', 'ip\u0000', 'unknown', '__proto__', 'constructor'),
  anyString,
);
const anyField = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString');

/** An item that may or may not carry `type` and `value`, and may carry extra keys. */
const anyItem = fc
  .record(
    {
      type: fc.oneof({ weight: 3, arbitrary: anyType }, { weight: 1, arbitrary: anyField }),
      value: anyField,
      extra: fc.dictionary(fc.oneof(dangerousKey, fc.string({ maxLength: 8 })), fc.jsonValue(), {
        maxKeys: 2,
      }),
    },
    { requiredKeys: [] },
  )
  .map(({ type, value, extra }) => {
    const item: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, field] of Object.entries(extra ?? {})) item[key] = field;
    if (type !== undefined) item.type = type;
    if (value !== undefined) item.value = value;
    return item;
  });

/** The same item as a caller's body would parse: `__proto__` is then an own key. */
const parsedItem = anyItem.map((item): unknown => JSON.parse(JSON.stringify(item)));

const anyBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.array(fc.oneof(parsedItem, fc.jsonValue({ maxDepth: 2 })), {
    maxLength: MAX_OBSERVABLES + 5,
  }),
  fc.array(parsedItem, { maxLength: MAX_OBSERVABLES + 2 }),
  fc.array(parsedItem, { minLength: 1, maxLength: 3 }),
  anyString,
  fc.constantFrom(undefined, null, 0, true, {}, []),
);

const prototypeNames = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

function checkOutcome(body: unknown): void {
  const before = prototypeNames();
  let result: unknown;
  try {
    result = pipe.transform(body);
  } catch (error) {
    expect(error).toBeInstanceOf(RelayException);
    const relayError = (error as RelayException).error;
    expect(relayError.code).toBe('invalid payload received');
    expect(relayError.message.startsWith('Invalid JSON payload received. ')).toBe(true);
    expect(relayError.type).toBe('fatal');
    return;
  } finally {
    expect(prototypeNames()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }
  expect(Array.isArray(result)).toBe(true);
  for (const observable of result as unknown[]) {
    expect(Object.keys(observable as object).sort()).toEqual(['type', 'value']);
    const { type, value } = observable as { type: unknown; value: unknown };
    expect(typeof type === 'string' && ctimTypes.has(type)).toBe(true);
    expect(typeof value === 'string' && value.trim() !== '').toBe(true);
  }
}

describe('ObservablesPipe, for any input', () => {
  it('returns valid CTIM {type, value} pairs or throws "invalid payload received"', () => {
    fc.assert(fc.property(anyBody, checkOutcome), { numRuns: 500 });
  });

  it('does the same for bodies with __proto__, constructor and prototype keys, as parsed', () => {
    const hostileJson = fc
      .tuple(
        fc.constantFrom(...CTIM_OBSERVABLE_TYPES),
        anyString,
        dangerousKey,
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([type, value, key, field]) =>
        [
          '[',
          `{"type": ${JSON.stringify(type)}, "value": ${JSON.stringify(value)}, `,
          `${JSON.stringify(key)}: {"polluted": ${JSON.stringify(field) ?? 'null'}}},`,
          `{${JSON.stringify(key)}: {"polluted": 1}, "type": "ip", "value": "1.1.1.1"}`,
          ']',
        ].join(''),
      );
    fc.assert(
      fc.property(hostileJson, (json) => {
        const body: unknown = JSON.parse(json);
        expect(() => pipe.transform(body)).toThrow(RelayException);
        checkOutcome(body);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ObservablesPipe, for valid observable arrays', () => {
  it('returns exactly the input pairs', () => {
    const validObservable = fc.record({
      type: fc.constantFrom(...CTIM_OBSERVABLE_TYPES),
      value: fc
        .oneof(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: utf16Unit }))
        .filter((value) => value.trim() !== ''),
    });
    fc.assert(
      fc.property(fc.array(validObservable, { maxLength: MAX_OBSERVABLES }), (observables) => {
        const body: unknown = JSON.parse(JSON.stringify(observables));
        expect(pipe.transform(body)).toEqual(observables);
      }),
      { numRuns: 300 },
    );
  });
});
