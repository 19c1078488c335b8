import { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

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
  // isUtf8 and toString rather than a fatal TextDecoder: same answer, a fraction of the time.
  if (!isUtf8(bytes)) return undefined;
  const text = (bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
