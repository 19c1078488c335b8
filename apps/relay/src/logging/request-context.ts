import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { RouteConfig } from '@nestjs/platform-fastify';

/** What the relay learns about one request while answering it, for its log line and metrics. */
export interface RequestFacts {
  /** The request id (`X-Request-Id`, sanitised, or generated). */
  readonly requestId: string;
  /** The route pattern that matched (`/observe/observables`), or `unmatched`. */
  readonly route: string;
  /** The first error code of the envelope, or `partial`; unset when the answer had no errors. */
  envelopeOutcome?: string;
  /** OTX sessions opened for this request; their call counts are read when the request ends. */
  readonly otxSessions: { readonly callCount: number }[];
}

// On Node's request, the one object every Fastify hook sees. A property rather than a WeakMap
// entry: one entry a request made the map, and the garbage collector, work on every request.
const FACTS = Symbol('relay:request-facts');
type WithFacts = IncomingMessage & { [FACTS]?: RequestFacts };
// The facts of the request being handled, across every await of its handling.
const current = new AsyncLocalStorage<RequestFacts>();

/** Fastify route config key set by {@link OutsideLogScope}. */
export const OUTSIDE_LOG_SCOPE = 'relayOutsideLogScope';

/**
 * For a route that logs nothing while answering but its request line and calls no intel
 * provider (`/refer`, `/version`, `/watchdog`): its handling runs outside the
 * AsyncLocalStorage scope that tags lines with the request id. Entering the scope, and the
 * promise hooks it keeps running, cost about a sixth of a `/refer` answer's CPU
 * (docs/benchmarks.md). The request line is written as for any route.
 */
export const OutsideLogScope = (): MethodDecorator & ClassDecorator =>
  RouteConfig({ [OUTSIDE_LOG_SCOPE]: true });

/**
 * Opens the facts of a request and runs the rest of its handling inside their scope, unless
 * `scoped` is false ({@link OutsideLogScope}).
 */
export function runWithRequestFacts(
  raw: IncomingMessage,
  facts: Pick<RequestFacts, 'requestId' | 'route'>,
  next: () => void,
  scoped = true,
): void {
  const full: RequestFacts = { requestId: facts.requestId, route: facts.route, otxSessions: [] };
  (raw as WithFacts)[FACTS] = full;
  if (scoped) current.run(full, next);
  else next();
}

export function requestFactsOf(raw: IncomingMessage): RequestFacts | undefined {
  return (raw as WithFacts)[FACTS];
}

/** The facts of the request being handled, or undefined outside of any request. */
export function currentRequestFacts(): RequestFacts | undefined {
  return current.getStore();
}

/**
 * pino `mixin` of the relay's root logger: every line logged while a request is handled (Nest's
 * logs through nestjs-pino's `Logger` included) carries its id. No child logger per request,
 * and nestjs-pino 5 no longer exports the store its own binding would need. A new object each
 * time: pino merges the line into it.
 */
export function requestIdMixin(): { requestId?: string } {
  const facts = current.getStore();
  return facts ? { requestId: facts.requestId } : {};
}

/**
 * Counts the OTX calls of `session` in the current request's log line (`otxCalls`), however many
 * it makes after this call. Returns the session so that it can wrap where it is created.
 * @example const session = recordOtxCalls(this.otx.session(principal.apiKey));
 */
export function recordOtxCalls<T extends { readonly callCount: number }>(session: T): T {
  currentRequestFacts()?.otxSessions.push(session);
  return session;
}

export function otxCallsOf(facts: RequestFacts | undefined): number {
  return facts?.otxSessions.reduce((sum, s) => sum + s.callCount, 0) ?? 0;
}
