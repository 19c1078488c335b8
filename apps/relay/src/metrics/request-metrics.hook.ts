import { FastifyInstance } from 'fastify';
import { requestOutcome } from '../logging/outcome';
import { requestFactsOf } from '../logging/request-context';
import { UNMATCHED_ROUTE } from '../logging/request-hooks';
import { RelayMetrics } from './relay-metrics';

/** Counts each answered request by route and outcome, and its latency, once it is sent. */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: RelayMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const facts = requestFactsOf(request.raw);
    metrics.requestAnswered(
      facts?.route ?? UNMATCHED_ROUTE,
      requestOutcome(facts?.envelopeOutcome, reply.statusCode),
      reply.elapsedTime / 1000,
    );
    done();
  });
}
