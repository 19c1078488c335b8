import type { IncomingMessage } from 'node:http';
// nestjs-pino keeps the logger of the request being handled in this store; the relay runs it
// itself (see request-hooks.ts) instead of through pino-http's per-route middleware.
import { storage, Store } from 'nestjs-pino/storage';
import type { Logger } from 'pino';

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

/**
 * nestjs-pino's store for one request, holding its facts too. The request's logger (the app's
 * bound to the request id) is made on first use: most requests log nothing but their line.
 */
class RequestStore implements Store {
  private bound: Logger | undefined;

  constructor(
    private readonly root: Logger,
    readonly facts: RequestFacts,
  ) {}

  get logger(): Logger {
    return (this.bound ??= this.root.child({ requestId: this.facts.requestId }));
  }

  // nestjs-pino's PinoLogger.assign() replaces it.
  set logger(logger: Logger) {
    this.bound = logger;
  }
}

// Keyed by Node's request, the one object every Fastify hook sees.
const byRawRequest = new WeakMap<IncomingMessage, RequestFacts>();

/**
 * Opens the facts of a request and runs the rest of its handling inside their scope, where
 * nestjs-pino's `Logger` writes to `logger` with the request id.
 */
export function runWithRequestFacts(
  raw: IncomingMessage,
  facts: Pick<RequestFacts, 'requestId' | 'route'>,
  logger: Logger,
  next: () => void,
): void {
  const full: RequestFacts = { ...facts, otxSessions: [] };
  byRawRequest.set(raw, full);
  storage.run(new RequestStore(logger, full), next);
}

export function requestFactsOf(raw: IncomingMessage): RequestFacts | undefined {
  return byRawRequest.get(raw);
}

/** The facts of the request being handled, or undefined outside of any request. */
export function currentRequestFacts(): RequestFacts | undefined {
  const store = storage.getStore();
  return store instanceof RequestStore ? store.facts : undefined;
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
