import { AuthPrincipal } from '@app/auth';
import { CtimBundle, Observable, Reference } from '@app/ctim';
import { RelayError } from '../errors/relay-error';

/** What one provider found for a request: entities plus the errors met on the way. */
export interface IntelResult {
  bundle: CtimBundle;
  errors: RelayError[];
}

/**
 * The request a provider serves, passed explicitly (no AsyncLocalStorage, contract §13.1); a
 * provider may ignore it. Absent when the relay's request hooks are not registered (tests).
 */
export interface IntelRequest {
  /** The request id: lines the provider logs for this request carry it as `requestId`. */
  readonly requestId: string;
  /**
   * Counts the upstream calls `session` makes, however many after this call, in the request's
   * log line (`otxCalls`).
   */
  track(session: { readonly callCount: number }): void;
}

/**
 * An intelligence source the relay queries. A new provider (e.g. VirusTotal) is a lib plus
 * one class implementing this, registered under INTEL_PROVIDERS.
 */
export interface IntelProvider {
  readonly name: string;
  /** Sightings, Indicators, Relationships, and a Judgement and Verdict per observable it judges. */
  observe(
    observables: Observable[],
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<IntelResult>;
  /** One Verdict per observable it judges, and nothing else (contract §14). */
  deliberate(
    observables: Observable[],
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<IntelResult>;
  refer(observables: Observable[]): Reference[];
  health(principal: AuthPrincipal, request?: IntelRequest): Promise<RelayError | null>;
}

export const INTEL_PROVIDERS = Symbol('INTEL_PROVIDERS');
