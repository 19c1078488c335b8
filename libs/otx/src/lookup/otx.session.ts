import { PriorityLimit } from '../limits/priority-limit';
import { OtxClock } from '../otx-clock';
import { isEmptyGeneral, pickGeneral } from './otx-general.util';
import { OtxInFlight } from '../store/otx-in-flight';
import { otxKeyHash } from '../store/otx-key-hash.util';
import { OtxLookupCache } from '../store/otx-lookup-cache';
import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { lookupMany } from './otx-lookup';
import { otxPathSegment, otxStrictSegment } from './otx-path';
import { matchTarget, OtxMatchTarget } from './otx-match-target';
import { walkPulse } from './otx-pulse-walk';
import { IndicatorMatcher } from './indicator-matcher';
import { PulsePageScanner, ScannedPage } from './pulse-page-scanner';
import { OtxCallContext, OtxCaller, OtxSend } from '../http/otx.caller';
import {
  isOtxQueryableType,
  OTX_SECTION_BY_TYPE,
  OtxQueryableType,
  UNSENDABLE_HEADER_VALUE,
} from '../otx.constants';
import { OtxEndpoint } from '../otx.exception';
import { OtxDeadlineSignal } from '../http/otx-deadline-signal';
import { isCutShort, otxCacheKeys, unsendableKeyFailure } from './otx-session.util';
import { OtxRequest, OtxTransport } from '../http/otx.transport';
import * as T from '../otx.types';

/** What every session of one client shares. */
export interface OtxSessionDeps {
  options: ResolvedOtxOptions;
  transport: OtxTransport;
  caller: OtxCaller;
  cache: OtxLookupCache;
  inFlight: OtxInFlight;
  clock: OtxClock;
}

/** {@link T.OtxSession} over HTTP. Internal: obtained through `OtxClient.session()`. */
export class OtxHttpSession implements T.OtxSession {
  // ES private fields: util.inspect and JSON.stringify of the session never show the key.
  readonly #apiKey: string;
  readonly #ctx: OtxCallContext;
  private calls = 0;

  constructor(
    private readonly deps: OtxSessionDeps,
    apiKey: string,
    opts: T.OtxSessionOptions,
  ) {
    this.#apiKey = apiKey;
    const deadlineAt = opts.deadlineAt ?? Infinity;
    this.#ctx = {
      keyHash: otxKeyHash(apiKey),
      deadlineAt,
      deadlineSignal: new OtxDeadlineSignal(deadlineAt, deps.clock),
      limit: new PriorityLimit(deps.options.concurrency),
      onSent: () => this.calls++,
      requestId: opts.requestId,
    };
  }

  get callCount(): number {
    return this.calls;
  }

  async checkUser(): Promise<void> {
    await this.getJson('user', '/api/v1/user/me', false, () => undefined);
  }

  lookupMany(
    observables: T.OtxObservable[],
    options?: T.OtxLookupOptions,
  ): Promise<T.OtxLookupResult> {
    const steps = {
      deadlineAt: this.#ctx.deadlineAt,
      general: (i: T.OtxIndicatorLookup, priority: number) =>
        this.getGeneral(i.type, i.canonical, priority),
      walk: (pulseId: string, targets: OtxMatchTarget[], priority: number) =>
        this.walk(pulseId, targets, priority),
    };
    return lookupMany(steps, observables, options);
  }

  async getGeneral(
    type: OtxQueryableType,
    value: string,
    priority = 0,
  ): Promise<T.OtxGeneral | null> {
    if (!isOtxQueryableType(type))
      throw new TypeError(`Not an OTX queryable type: ${String(type)}`);
    this.refuseUnsendable('general');
    const { keyHash, requestId } = this.#ctx;
    const key = otxCacheKeys.general(keyHash, type, value);
    const hit = await this.deps.cache.get<T.OtxGeneral | null>(key, requestId);
    const event = { kind: 'general' as const, hit: hit !== undefined };
    notify(this.deps.options.observer, 'onCache', event, requestId);
    if (hit !== undefined) return hit.value;
    const segment = otxPathSegment(value);
    // `.` and `..` stay unencoded, and URL parsing would resolve them (`/IPv4/../general` is
    // `/indicators/general`): no indicator has such a name, so OTX is not asked.
    if (isDotSegment(segment)) return null;
    const path = `/api/v1/indicators/${OTX_SECTION_BY_TYPE[type]}/${segment}/general`;
    return this.shared(key, async () => {
      const general = await this.getJson('general', path, true, pickGeneral, priority);
      const { cacheTtlEmptyS, cacheTtlHitS } = this.deps.options;
      const ttlS = isEmptyGeneral(general) ? cacheTtlEmptyS : cacheTtlHitS;
      await this.deps.cache.set(key, general, ttlS, requestId);
      return general;
    });
  }

  async findInPulseMany(
    pulseId: string,
    wanted: T.OtxWantedIndicator[],
  ): Promise<T.OtxPulseMultiResult> {
    return this.walk(
      pulseId,
      wanted.map((w) => matchTarget(w.type, w.value)),
    );
  }

  private walk(
    pulseId: string,
    targets: OtxMatchTarget[],
    priority = 0,
  ): Promise<T.OtxPulseMultiResult> {
    this.refuseUnsendable('pulse-indicators');
    const { keyHash, requestId } = this.#ctx;
    const { pageSize } = this.deps.options;
    const base = `/api/v1/pulses/${otxStrictSegment(pulseId)}/indicators?sort=-created&limit=${pageSize}`;
    return walkPulse(
      {
        options: this.deps.options,
        cache: this.deps.cache,
        cacheKey: (id, t) => otxCacheKeys.pulse(keyHash, id, t.kind, t.value),
        requestId,
        // Pages are counted on the configured host; OTX's absolute `next` URL is never followed.
        fetchPage: (_id, page, wanted) => {
          const path = `${base}&page=${page}&include_inactive=1`;
          // Only a call for the same values can be joined: what is read of a page depends on them.
          const key = otxCacheKeys.page(keyHash, path, wanted);
          return this.shared(key, () => this.getPage(path, wanted, priority));
        },
      },
      pulseId,
      targets,
    );
  }

  /** One pulse-indicator page, read as it streams in for `wanted` only (contract §6.2). */
  private getPage(
    path: string,
    wanted: OtxMatchTarget[],
    priority: number,
  ): Promise<ScannedPage | null> {
    const request = this.request('pulse-indicators', path, true, priority);
    const distinct = new Set(wanted.map((w) => w.value)).size;
    const send: OtxSend<ScannedPage> = (signal) => {
      const scanner = new PulsePageScanner(new IndicatorMatcher(wanted), distinct);
      return this.deps.transport.getStreamed(request, scanner, signal);
    };
    return this.deps.caller.call(request, send, this.#ctx);
  }

  /** Joins an identical call in flight (any session); reruns one cut short by its starter. */
  private shared<R>(key: string, start: () => Promise<R>): Promise<R> {
    const cutShort = (e: unknown) => isCutShort(e) && this.deps.clock.now() < this.#ctx.deadlineAt;
    return this.deps.inFlight.share(key, start, cutShort);
  }

  private getJson<R>(
    endpoint: OtxEndpoint,
    path: string,
    noDataAllowed: boolean,
    read: (body: Record<string, unknown>) => R,
    priority = 0,
  ): Promise<R | null> {
    const request = this.request(endpoint, path, noDataAllowed, priority);
    const send: OtxSend<R> = (signal) => this.deps.transport.getJson(request, read, signal);
    return this.deps.caller.call(request, send, this.#ctx);
  }

  private request(
    endpoint: OtxEndpoint,
    path: string,
    noDataAllowed: boolean,
    priority: number,
  ): OtxRequest {
    this.refuseUnsendable(endpoint);
    const { requestId } = this.#ctx;
    return { endpoint, path, apiKey: this.#apiKey, noDataAllowed, priority, requestId };
  }

  private refuseUnsendable(endpoint: OtxEndpoint): void {
    if (this.#apiKey !== '' && !UNSENDABLE_HEADER_VALUE.test(this.#apiKey)) return;
    const failure = unsendableKeyFailure(endpoint, this.#apiKey === '');
    throw this.deps.transport.logRefused(failure, this.#ctx.requestId);
  }
}

/** A path segment that URL parsing resolves instead of sending (WHATWG URL, path state). */
function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}
