import { FastifyInstance } from 'fastify';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses every body as JSON whatever its Content-Type, as the original did (contract §2.1).
 * A body that is not JSON (or not UTF-8, as JSON must be) becomes `undefined`, which validation
 * reports as "Invalid input type." inside the relay's envelope instead of a Fastify 400 or 415.
 */
export function registerBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  // The media type is never used, but Fastify answers a malformed one (`;;;=/`) with a 415
  // before any parser runs: every Content-Type is replaced by a neutral, well-formed one.
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.headers['content-type'] !== undefined) {
      request.headers['content-type'] = 'application/octet-stream';
    }
    done();
  });
  // As bytes: decoding as a string first would turn invalid UTF-8 into U+FFFD and then fail
  // the Content-Length check (the decoded text is longer than the bytes received).
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, parseJson(body as Buffer));
  });
}

function parseJson(bytes: Buffer): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return undefined;
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
