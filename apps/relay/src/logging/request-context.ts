import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/** What the relay learns about one request while answering it, for its log line and metrics. */
export interface RequestFacts {
  /** The route pattern that matched (`/observe/observables`), or `unmatched`. */
  readonly route: string;
  /** The first error code of the envelope, or `partial`; unset when the answer had no errors. */
  envelopeOutcome?: string;
  /** OTX sessions opened for this request; their call counts are read when the request ends. */
  readonly otxSessions: { readonly callCount: number }[];
}

const storage = new AsyncLocalStorage<RequestFacts>();
// Keyed by Node's request, the one object both Fastify's hooks and pino-http's middleware see.
const byRawRequest = new WeakMap<IncomingMessage, RequestFacts>();

/** Opens the facts of a request and runs the rest of its handling inside their scope. */
export function runWithRequestFacts(raw: IncomingMessage, route: string, next: () => void): void {
  const facts: RequestFacts = { route, otxSessions: [] };
  byRawRequest.set(raw, facts);
  storage.run(facts, next);
}

export function requestFactsOf(raw: IncomingMessage): RequestFacts | undefined {
  return byRawRequest.get(raw);
}

/** The facts of the request being handled, or undefined outside of any request. */
export function currentRequestFacts(): RequestFacts | undefined {
  return storage.getStore();
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
