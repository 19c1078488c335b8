import { request } from './helpers/http';
import { describeWithOwnConfig, useSimAndRelay } from './helpers/servers';
import { INVALID_INPUT, invalid } from './helpers/envelopes';

describe('request bodies over HTTP (validated before the token is checked)', () => {
  const ctx = useSimAndRelay();
  const observe = (body: unknown, headers: Record<string, string> = {}) =>
    request(`${ctx.relay.url}/observe/observables`, { body, headers });

  it.each([
    ['not JSON', 'not json at all', { 'content-type': 'application/json' }],
    ['an empty body', '', { 'content-type': 'application/json' }],
    ['null', 'null', { 'content-type': 'application/json' }],
    ['an object', '{"type": "ip", "value": "1.1.1.1"}', { 'content-type': 'application/json' }],
    ['a string', '"ip"', { 'content-type': 'application/json' }],
    ['a number', '42', { 'content-type': 'application/json' }],
    ['an object sent as text/plain', '{"a": 1}', { 'content-type': 'text/plain' }],
    ['a body with no content type', '{"a": 1}', {}],
  ])('rejects %s with the _schema error', async (_name, body, headers) => {
    const res = await observe(body, headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(INVALID_INPUT);
  });

  it('parses JSON whatever the Content-Type', async () => {
    const res = await observe('[{"type": "ip", "value": ""}]', { 'content-type': 'text/plain' });
    expect(res.body).toEqual(invalid('{"0": {"value": ["Field may not be blank."]}}'));
    const other = await observe('[{"type": 1, "value": "a"}]', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(other.body).toEqual(invalid('{"0": {"type": ["Not a valid string."]}}'));
  });

  it('reports every problem at once, keyed by index and field', async () => {
    const res = await observe([
      { type: '', value: '' },
      { type: 'ip' },
      { type: 'ip', value: 'x', extra: 1 },
      'x',
      { type: 'not-a-ctim-type', value: 'x' },
    ]);
    expect(res.body).toEqual(
      invalid(
        '{"0": {"type": ["Field may not be blank."], "value": ["Field may not be blank."]}, ' +
          '"1": {"value": ["Missing data for required field."]}, ' +
          '"2": {"extra": ["Unknown field."]}, ' +
          '"3": {"_schema": ["Invalid input type."]}, ' +
          '"4": {"type": ["Not a valid CTIM observable type."]}}',
      ),
    );
  });

  it('checks a valid body, then asks for the token', async () => {
    const res = await observe([{ type: 'ip', value: '198.51.100.1' }]);
    expect(res.body).toEqual({
      errors: [
        {
          code: 'authorization error',
          message: 'Authorization failed: Authorization header is missing',
          type: 'fatal',
        },
      ],
    });
  });
});

describeWithOwnConfig('request limits over HTTP', () => {
  const ctx = useSimAndRelay({ MAX_OBSERVABLES: '5', BODY_LIMIT_BYTES: String(64 * 1024) });
  const observe = (body: unknown, headers: Record<string, string> = {}) =>
    request(`${ctx.relay.url}/observe/observables`, { body, headers });

  it('refuses more observables than MAX_OBSERVABLES', async () => {
    const body = Array.from({ length: 6 }, (_, i) => ({ type: 'ip', value: `198.51.100.${i}` }));
    expect((await observe(body)).body).toEqual(
      invalid('{"_schema": ["Too many observables: 6 sent, at most 5 accepted."]}'),
    );
  });

  it('refuses a body over the limit in the envelope, not with a 413', async () => {
    const res = await observe(JSON.stringify([{ type: 'ip', value: 'x'.repeat(70 * 1024) }]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(invalid('{"_schema": ["Request body is larger than 65536 bytes."]}'));
  });
});
