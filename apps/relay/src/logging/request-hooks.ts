import { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { envelopeOutcome, requestOutcome } from './outcome';
import { requestLine, requestLineWriter } from './pino-options';
import { openRequestFacts, requestFactsOf } from './request-context';
import { REQUEST_ID_HEADER } from './request-id';

export const UNMATCHED_ROUTE = 'unmatched';

/** Told of every answered request once its answer is sent: the request metrics. */
export type AnsweredListener = (route: string, outcome: string, seconds: number) => void;

/**
 * Fastify hooks that give every request its facts (route, outcome, OTX calls), echo its id and
 * write its one log line to `logger` and tell `onAnswered` once the answer is sent (one hook for
 * both: they read the same facts and time). Added before the routes, so that
 * they run for every route, the 404 handler included. Hooks rather than pino-http as Nest
 * middleware: that path made a child logger and ran the middleware engine on every request,
 * a third of the CPU of a `/refer` answer.
 */
export function registerRequestHooks(
  fastify: FastifyInstance,
  logger: Logger,
  onAnswered?: AnsweredListener,
): void {
  // The line is built field by field from values that cannot hold a credential, so it skips
  // the redaction pass, which cost about as much as writing the line, and pino's object walk.
  const writeLine = requestLineWriter(logger);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // A pattern, never the raw URL: metric labels must stay few and logs free of values.
    openRequestFacts(request.raw, request.id, request.routeOptions.url ?? UNMATCHED_ROUTE);
    done();
  });
  // Bodies are still objects here, for controllers and the exception filter alike.
  fastify.addHook('preSerialization', (request, _reply, payload, done) => {
    const facts = requestFactsOf(request.raw);
    if (facts) facts.envelopeOutcome = envelopeOutcome(payload);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const facts = requestFactsOf(request.raw);
    const status = reply.statusCode;
    const latencyMs = reply.elapsedTime;
    const failed = status >= 500;
    if (facts && logger.isLevelEnabled(failed ? 'error' : 'info')) {
      writeLine(requestLine(facts, request.method, status, latencyMs), failed);
    }
    onAnswered?.(
      facts?.route ?? UNMATCHED_ROUTE,
      requestOutcome(facts?.envelopeOutcome, status),
      latencyMs / 1000,
    );
    done();
  });
}
