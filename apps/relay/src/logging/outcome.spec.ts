import { envelopeOutcome, requestOutcome } from './outcome';

const error = (code: string) => ({ code, message: 'm', type: 'fatal' });

describe(envelopeOutcome.name, () => {
  it('is the first error code of the envelope', () => {
    const body = { errors: [error('authorization error'), error('oops')] };
    expect(envelopeOutcome(body)).toBe('authorization error');
  });

  it('is partial when data came with errors', () => {
    expect(envelopeOutcome({ data: {}, errors: [error('oops')] })).toBe('partial');
  });

  it.each([{ data: {} }, { data: [], errors: [] }, { version: '1' }, 'text', null, undefined])(
    'is undefined for %j, which has no error',
    (body) => expect(envelopeOutcome(body)).toBeUndefined(),
  );
});

describe(requestOutcome.name, () => {
  it.each([
    [undefined, 200, 'ok'],
    ['oops', 200, 'oops'],
    [undefined, 404, 'not found'],
    [undefined, 405, 'method not allowed'],
    [undefined, 503, 'http 503'],
  ])('(%j, %i) is %j', (envelope, status, outcome) => {
    expect(requestOutcome(envelope, status)).toBe(outcome);
  });
});
