import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** Something that makes upstream calls for a request: its count is read when the request ends. */
export interface CountedCalls {
  readonly callCount: number;
}

/**
 * What the relay learns about one request while answering it, for its log line and metrics.
 * Handed explicitly to whatever serves the request (an `IntelRequest` for the intel
 * providers): no AsyncLocalStorage, whose promise hooks would run for every promise of every
 * request once entered (contract §13.1).
 */
export class RequestFacts {
  /** The first error code of the envelope, or `partial`; unset when the answer had no errors. */
  envelopeOutcome?: string;
  /** Sessions whose calls count in `otxCalls`; made on the first one (most routes have none). */
  private sessions?: CountedCalls[];

  constructor(
    /** The request id (`X-Request-Id`, sanitised, or generated). */
    readonly requestId: string,
    /** The route pattern that matched (`/observe/observables`), or `unmatched`. */
    readonly route: string,
  ) {}

  /**
   * Counts the calls of `session` in the request's log line (`otxCalls`), however many it makes
   * after this call.
   */
  track(session: CountedCalls): void {
    (this.sessions ??= []).push(session);
  }

  /** The calls of every tracked session so far (retries included, cache hits none). */
  get otxCalls(): number {
    let sum = 0;
    for (const session of this.sessions ?? []) sum += session.callCount;
    return sum;
  }
}

// On Node's request, the one object every Fastify hook sees. A property rather than a WeakMap
// entry: one entry a request made the map, and the garbage collector, work on every request.
const FACTS = Symbol('relay:request-facts');
type WithFacts = IncomingMessage & { [FACTS]?: RequestFacts };

/** Opens the facts of a request (the onRequest hook, for every route). */
export function openRequestFacts(
  raw: IncomingMessage,
  requestId: string,
  route: string,
): RequestFacts {
  const facts = new RequestFacts(requestId, route);
  (raw as WithFacts)[FACTS] = facts;
  return facts;
}

export function requestFactsOf(raw: IncomingMessage): RequestFacts | undefined {
  return (raw as WithFacts)[FACTS];
}

/**
 * The handled request's {@link RequestFacts} as a handler parameter, for the services it calls
 * to tag their log lines and count their OTX calls (contract §13.1); undefined when the request
 * hooks are not registered.
 */
export const ThisRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestFacts | undefined =>
    requestFactsOf(context.switchToHttp().getRequest<FastifyRequest>().raw),
);
