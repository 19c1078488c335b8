import pino from 'pino';
import { PassThrough } from 'node:stream';
import { errorSerializer, REDACT_PATHS } from './log-redaction';

const SECRET = 'very-secret-value';

function logged(write: (logger: pino.Logger) => void): string {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const logger = pino(
    { redact: { paths: REDACT_PATHS }, serializers: { err: errorSerializer } },
    stream,
  );
  write(logger);
  return out;
}

describe('log redaction', () => {
  it.each([
    ['request headers', { req: { headers: { authorization: `Bearer ${SECRET}` } } }],
    ['a cookie', { req: { headers: { cookie: SECRET } } }],
    ['the OTX key header', { headers: { 'x-otx-api-key': SECRET } }],
    ['the OTX key header as axios spells it', { config: { headers: { 'X-OTX-API-KEY': SECRET } } }],
    ['a token field', { token: SECRET }],
    ['a nested key field', { principal: { key: SECRET } }],
    ['a deeper secret field', { auth: { options: { secret: SECRET } } }],
    ['an apiKey field', { session: { apiKey: SECRET } }],
  ])('hides %s', (_what, fields) => {
    const out = logged((logger) => logger.info(fields, 'event'));
    expect(out).toContain('[Redacted]');
    expect(out).not.toContain(SECRET);
  });

  it('logs an axios-like error without its config, request and response', () => {
    const error = Object.assign(new Error('Request failed with status code 500'), {
      code: 'ERR_BAD_RESPONSE',
      config: { headers: { 'X-Otx-Api-Key': SECRET } },
      request: { _header: `GET / HTTP/1.1\r\nX-OTX-API-KEY: ${SECRET}` },
      response: { status: 500, data: SECRET },
    });
    const out = logged((logger) => logger.error({ err: error }, 'OTX failed'));
    expect(out).not.toContain(SECRET);
    expect(JSON.parse(out)).toMatchObject({
      err: {
        type: 'Error',
        message: 'Request failed with status code 500',
        code: 'ERR_BAD_RESPONSE',
      },
    });
  });

  it('keeps fields that are not credentials', () => {
    const out = logged((logger) => logger.info({ route: '/health', otxCalls: 2 }, 'done'));
    expect(JSON.parse(out)).toMatchObject({ route: '/health', otxCalls: 2 });
  });
});
