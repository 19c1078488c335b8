import { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// An over-limit body is read to its end, up to this many times the limit, before it is refused:
// a peer still sending (a reverse proxy) then gets the answer instead of a reset (a 502).
const DRAIN_FACTOR = 4;

/** Fastify's own codes, which the exception filter turns into invalid-payload errors. */
const bodyError = (code: string, statusCode: number): Error =>
  Object.assign(new Error(code), { code, statusCode });

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
  fastify.addContentTypeParser('*', (request, payload, done) => {
    const declared = request.headers['content-length'];
    readBody(payload, bodyLimit, declared === undefined ? undefined : Number(declared)).then(
      (body) => done(null, parseJson(body)),
      (error: Error) => done(error, undefined),
    );
  });
}

/**
 * The body's bytes, at most `limit` of them (contract §2.2). An over-limit body is refused
 * (`FST_ERR_CTP_BODY_TOO_LARGE`) once read to its end, unless it is over {@link DRAIN_FACTOR}
 * times the limit: that one is refused at once, as Fastify would, closing the connection.
 */
function readBody(payload: Readable, limit: number, declared: number | undefined): Promise<Buffer> {
  const drainCap = limit * DRAIN_FACTOR;
  if (declared !== undefined && declared > drainCap) {
    return Promise.reject(bodyError('FST_ERR_CTP_BODY_TOO_LARGE', 413));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else if (received > drainCap) {
        payload.removeAllListeners('data');
        reject(bodyError('FST_ERR_CTP_BODY_TOO_LARGE', 413));
      }
    });
    payload.on('end', () => {
      if (received > limit) reject(bodyError('FST_ERR_CTP_BODY_TOO_LARGE', 413));
      else if (declared !== undefined && declared !== received) {
        reject(bodyError('FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400));
      } else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    payload.on('error', reject);
  });
}

function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
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
