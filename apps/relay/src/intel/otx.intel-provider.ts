import { AuthPrincipal } from '@app/auth';
import {
  buildOtxBundle,
  Judgement,
  mergeBundles,
  mergeIndicators,
  Observable,
  OtxMatchItem,
  otxJudgementAndVerdict,
  Reference,
  referenceFromObservable,
  Verdict,
} from '@app/ctim';
import {
  OtxClient,
  OtxException,
  OtxIndicatorLookup,
  OtxLookupOptions,
  OtxLookupResult,
  OtxSession,
} from '@app/otx';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RelaySettings } from '../config/relay.config';
import { InjectRelaySettings } from '../config/relay-settings';
import { otxErrorToRelayError } from '../errors/otx-error.mapper';
import { lookupErrors } from '../errors/otx-lookup-errors';
import { RelayError } from '../errors/relay-error';
import { unexpectedError } from '../errors/relay-errors';
import { IntelProvider, IntelRequest, IntelResult } from './intel-provider';

/** The settings the OTX provider reads. */
export type OtxProviderSettings = Pick<
  RelaySettings,
  'otxBaseUrl' | 'requestDeadlineMs' | 'otxMaxTlp' | 'verdict'
>;

/**
 * AlienVault OTX as an intel provider: the lookup is `@app/otx`'s (contract §6.4), the entities
 * and the verdict rule `@app/ctim`'s (§7, §15); this maps one to the other and failures to the
 * envelope (§6.8).
 */
@Injectable()
export class OtxIntelProvider implements IntelProvider {
  readonly name = 'AlienVault OTX';
  // Threat Response asks /refer for the same observables each time a pivot menu opens; a link
  // is a pure function of the observable and the settings. false: the observable has none.
  // Keyed by type then value: no key string to build and hash per observable, and no LRU
  // bookkeeping per hit (together a twentieth of a /refer answer's CPU). Bounded by starting
  // afresh when full: a link costs little to build again.
  private readonly references = new Map<string, Map<string, Reference | false>>();
  private referenceCount = 0;

  constructor(
    private readonly otx: OtxClient,
    @InjectRelaySettings() private readonly config: OtxProviderSettings,
  ) {}

  async observe(
    observables: Observable[],
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<IntelResult> {
    const lookup = await this.lookup(observables, principal, {}, request);
    const items = lookup.indicators.flatMap((i) => matchItems(i, principal.entitiesLimit));
    const bundle = buildOtxBundle(items, {
      newUuid: randomUUID,
      otxUiBaseUrl: this.config.otxBaseUrl,
      pulseContext: true,
    });
    // From the same `general` answers as the Sightings: a verdict costs no OTX call (§15).
    const { judgements, verdicts } = this.judge(lookup);
    return {
      bundle: mergeBundles([
        mergeIndicators(bundle),
        { judgements: collection(judgements), verdicts: collection(verdicts) },
      ]),
      errors: this.errors(lookup, request),
    };
  }

  async deliberate(
    observables: Observable[],
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<IntelResult> {
    // A verdict needs only each indicator's `general` answer: no pulse is walked (§14).
    const lookup = await this.lookup(observables, principal, { walk: false }, request);
    // The answer carries no Judgement for `judgement_id` to name (contract §9.5).
    const verdicts = this.judge(lookup).verdicts.map(({ judgement_id: _, ...verdict }) => verdict);
    return {
      bundle: mergeBundles([{ verdicts: collection(verdicts) }]),
      errors: this.errors(lookup, request),
    };
  }

  refer(observables: Observable[]): Reference[] {
    const references: Reference[] = [];
    for (const observable of observables) {
      let byValue = this.references.get(observable.type);
      let reference = byValue?.get(observable.value);
      if (reference === undefined) {
        reference = referenceFromObservable(observable, this.config.otxBaseUrl) ?? false;
        if (this.referenceCount >= REFERENCES_KEPT) {
          this.references.clear();
          this.referenceCount = 0;
          byValue = undefined;
        }
        if (byValue === undefined) {
          byValue = new Map<string, Reference | false>();
          this.references.set(observable.type, byValue);
        }
        byValue.set(observable.value, reference && Object.freeze(reference));
        this.referenceCount++;
      }
      if (reference) references.push(reference);
    }
    return references;
  }

  async health(principal: AuthPrincipal, request?: IntelRequest): Promise<RelayError | null> {
    try {
      await this.session(principal, request).checkUser();
      return null;
    } catch (error) {
      if (!(error instanceof OtxException)) {
        return unexpectedError(error, 'checking OTX health', 'fatal', request?.requestId);
      }
      return otxErrorToRelayError(error, 'fatal', this.config.requestDeadlineMs);
    }
  }

  /** The request's OTX lookup, with the relay's TLP policy (contract §16). */
  private lookup(
    observables: Observable[],
    principal: AuthPrincipal,
    options: OtxLookupOptions,
    request: IntelRequest | undefined,
  ): Promise<OtxLookupResult> {
    return this.session(principal, request).lookupMany(observables, {
      ...options,
      maxTlp: this.config.otxMaxTlp,
    });
  }

  /**
   * One Judgement and its Verdict per caller observable whose indicator's `general` answer
   * gives the verdict rule something to assert (contract §15), in request order.
   */
  private judge(lookup: OtxLookupResult): { judgements: Judgement[]; verdicts: Verdict[] } {
    const judgements: Judgement[] = [];
    const verdicts: Verdict[] = [];
    const now = Date.now();
    const { minAuthors, recentDays, ttlDays } = this.config.verdict;
    for (const indicator of lookup.indicators) {
      if (indicator.general === null) continue;
      for (const observable of indicator.observables) {
        const judged = otxJudgementAndVerdict({
          observable,
          general: indicator.general,
          now,
          newUuid: randomUUID,
          otxUiBaseUrl: this.config.otxBaseUrl,
          minAuthors,
          recentDays,
          ttlDays,
        });
        if (!judged) continue;
        judgements.push(judged.judgement);
        verdicts.push(judged.verdict);
      }
    }
    return { judgements, verdicts };
  }

  private errors(lookup: OtxLookupResult, request: IntelRequest | undefined): RelayError[] {
    const { requestDeadlineMs, otxMaxTlp } = this.config;
    return lookupErrors(lookup, requestDeadlineMs, otxMaxTlp, request?.requestId);
  }

  /**
   * A session with the request's deadline, counted in its log line; the lines `@app/otx` writes
   * for its calls carry the request id (contract §13.1).
   */
  private session(principal: AuthPrincipal, request: IntelRequest | undefined): OtxSession {
    // A margin leaves time to answer before the caller gives up on us.
    const deadlineAt = Date.now() + this.config.requestDeadlineMs - 250;
    const session = this.otx.session(principal.apiKey, {
      deadlineAt,
      requestId: request?.requestId,
    });
    request?.track(session);
    return session;
  }
}

/** Refer links kept at most (about 1 MB). */
export const REFERENCES_KEPT = 4096;

/** A CTIM collection; `mergeBundles` leaves an empty one out. */
const collection = <T>(docs: T[]) => ({ count: docs.length, docs });

/** The newest `limit` records of an indicator, once per caller observable it stands for. */
function matchItems(indicator: OtxIndicatorLookup, limit: number): OtxMatchItem[] {
  const kept = indicator.memberships.slice(0, limit);
  return indicator.observables.flatMap((observable) =>
    kept.map(({ pulse, match }) => ({ observable, pulse, match })),
  );
}
