import { requestIdFor } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const withHeader = (value?: string | string[]) => ({ headers: { 'x-request-id': value } });

describe(requestIdFor.name, () => {
  it('keeps a well-formed X-Request-Id as it is', () => {
    expect(requestIdFor(withHeader('trace-42.a_b:c'))).toBe('trace-42.a_b:c');
  });

  it('drops unsafe characters, so that the id cannot forge a log line or a header', () => {
    expect(requestIdFor(withHeader('abc\r\n{"level":"fatal"} <x>'))).toBe('abclevel:fatalx');
  });

  it('bounds its length', () => {
    expect(requestIdFor(withHeader('a'.repeat(1000)))).toBe('a'.repeat(128));
  });

  it('uses the first of repeated headers', () => {
    expect(requestIdFor(withHeader(['first', 'second']))).toBe('first');
  });

  it.each([undefined, '', '   ', '<<>>'])('generates a UUID when the header is %j', (value) => {
    expect(requestIdFor(withHeader(value))).toMatch(UUID);
  });
});
