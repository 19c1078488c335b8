import { FastifyInstance } from 'fastify';

/**
 * Parses every body as JSON whatever its Content-Type, as the original did (contract §2.1).
 * A body that is not JSON becomes `undefined`, which validation reports as
 * "Invalid input type." inside the relay's envelope instead of a Fastify 400.
 */
export function registerBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    done(null, parseJson(body as string));
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
