import { otxPathSegment, strictPercentEncode } from '@app/ctim';
import pLimit from 'p-limit';
import { OtxClock } from '../otx-clock';
import { isEmptyGeneral, pickGeneral } from './otx-general.util';
import { OtxInFlight } from '../store/otx-in-flight';
import { otxKeyHash } from '../store/otx-key-hash.util';
import { OtxLookupCache } from '../store/otx-lookup-cache';
import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { readPulseIndicatorPage } from './otx-page.util';
import { OtxPulseTarget, pulseTarget, walkPulse } from './otx-pulse-walk';
import { OtxCallContext, OtxCaller } from '../http/otx.caller';
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
      limit: pLimit(deps.options.concurrency),
      onSent: () => this.calls++,
    };
  }

  get callCount(): number {
    return this.calls;
  }

  async checkUser(): Promise<void> {
    await this.call('user', '/api/v1/user/me', false, () => undefined);
  }

  async getGeneral(type: OtxQueryableType, value: string): Promise<T.OtxGeneral | null> {
    if (!isOtxQueryableType(type))
      throw new TypeError(`Not an OTX queryable type: ${String(type)}`);
    this.refuseUnsendable('general');
    const key = otxCacheKeys.general(this.#ctx.keyHash, type, value);
    const hit = await this.deps.cache.get<T.OtxGeneral | null>(key);
    notify(this.deps.options.observer, 'onCache', { kind: 'general', hit: hit !== undefined });
    if (hit !== undefined) return hit.value;
    const segment = otxPathSegment(value);
    // `.` and `..` stay unencoded, and URL parsing would resolve them (`/IPv4/../general` is
    // `/indicators/general`): no indicator has such a name, so OTX is not asked.
    if (isDotSegment(segment)) return null;
    const path = `/api/v1/indicators/${OTX_SECTION_BY_TYPE[type]}/${segment}/general`;
    return this.shared(key, async () => {
      const general = await this.call('general', path, true, pickGeneral);
      const { cacheTtlEmptyS, cacheTtlHitS } = this.deps.options;
      await this.deps.cache.set(
        key,
        general,
        isEmptyGeneral(general) ? cacheTtlEmptyS : cacheTtlHitS,
      );
      return general;
    });
  }

  async findInPulse(
    pulseId: string,
    value: string,
    type?: OtxQueryableType,
  ): Promise<T.OtxPulseSearchResult> {
    const target = pulseTarget(type ?? 'exact', value);
    const { matches, complete, pagesWalked } = await this.walk(pulseId, [target]);
    return { match: matches.get(target.value) ?? null, pagesWalked, complete };
  }

  async findInPulseMany(
    pulseId: string,
    wanted: T.OtxWantedIndicator[],
  ): Promise<T.OtxPulseMultiResult> {
    return this.walk(
      pulseId,
      wanted.map((w) => pulseTarget(w.type, w.value)),
    );
  }

  private walk(pulseId: string, targets: OtxPulseTarget[]): Promise<T.OtxPulseMultiResult> {
    this.refuseUnsendable('pulse-indicators');
    const keyHash = this.#ctx.keyHash;
    const { pageSize } = this.deps.options;
    const base = `/api/v1/pulses/${strictPercentEncode(pulseId)}/indicators?sort=-created&limit=${pageSize}`;
    return walkPulse(
      {
        options: this.deps.options,
        cache: this.deps.cache,
        cacheKey: (id, t) => otxCacheKeys.pulse(keyHash, id, t.kind, t.value),
        // Pages are counted on the configured host; OTX's absolute `next` URL is never followed.
        fetchPage: (_id, page) => {
          const path = `${base}&page=${page}&include_inactive=1`;
          return this.shared(otxCacheKeys.page(keyHash, path), () =>
            this.call('pulse-indicators', path, true, readPulseIndicatorPage),
          );
        },
      },
      pulseId,
      targets,
    );
  }

  /** Joins an identical call in flight (any session); reruns one cut short by its starter. */
  private shared<R>(key: string, start: () => Promise<R>): Promise<R> {
    const cutShort = (e: unknown) => isCutShort(e) && this.deps.clock.now() < this.#ctx.deadlineAt;
    return this.deps.inFlight.share(key, start, cutShort);
  }

  private call<R>(
    endpoint: OtxEndpoint,
    path: string,
    noDataAllowed: boolean,
    read: (body: Record<string, unknown>) => R,
  ): Promise<R | null> {
    this.refuseUnsendable(endpoint);
    const request: OtxRequest = { endpoint, path, apiKey: this.#apiKey, noDataAllowed };
    return this.deps.caller.call(request, read, this.#ctx);
  }

  private refuseUnsendable(endpoint: OtxEndpoint): void {
    if (!UNSENDABLE_HEADER_VALUE.test(this.#apiKey)) return;
    throw this.deps.transport.logRefused(unsendableKeyFailure(endpoint));
  }
}

/** A path segment that URL parsing resolves instead of sending (WHATWG URL, path state). */
function isDotSegment(segment: string): boolean {
  return segment === '.' || segment === '..';
}
