import { FastifyInstance } from 'fastify';
import { envelopeOutcome } from './outcome';
import { requestFactsOf, runWithRequestFacts } from './request-context';
import { REQUEST_ID_HEADER } from './request-id';

export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Fastify hooks that give every request its facts (route, outcome, OTX calls) and echo its id.
 * Added before the routes, so that they run for every route, the 404 handler included.
 */
export function registerRequestHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // A pattern, never the raw URL: metric labels must stay few and logs free of values.
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    runWithRequestFacts(request.raw, route, () => done());
  });
  // Bodies are still objects here, for controllers and the exception filter alike.
  fastify.addHook('preSerialization', (request, _reply, payload, done) => {
    const facts = requestFactsOf(request.raw);
    if (facts) facts.envelopeOutcome = envelopeOutcome(payload);
    done(null, payload);
  });
}
