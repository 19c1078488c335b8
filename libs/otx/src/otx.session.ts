import { otxPathSegment, strictPercentEncode } from '@app/ctim';
import pLimit from 'p-limit';
import { findPulseIndicator, readPulseIndicatorPage } from './otx-page.util';
import {
  isOtxQueryableType,
  OTX_SECTION_BY_TYPE,
  OtxQueryableType,
  UNSENDABLE_HEADER_VALUE,
} from './otx.constants';
import { OtxEndpoint, OtxException } from './otx.exception';
import { OtxRequest, OtxTransport } from './otx.transport';
import { OtxGeneral, OtxModuleOptions, OtxPulseSearchResult, OtxSession } from './otx.types';

/** {@link OtxSession} over HTTP. Internal: obtained through `OtxClient.session()`. */
export class OtxHttpSession implements OtxSession {
  // An ES private field: util.inspect and JSON.stringify of the session never show the key.
  readonly #apiKey: string;
  private readonly limit: pLimit.Limit;
  private calls = 0;

  constructor(
    private readonly transport: OtxTransport,
    private readonly options: OtxModuleOptions,
    apiKey: string,
  ) {
    this.#apiKey = apiKey;
    this.limit = pLimit(options.concurrency);
  }

  get callCount(): number {
    return this.calls;
  }

  async checkUser(): Promise<void> {
    await this.get('user', '/api/v1/user/me', false, () => undefined);
  }

  async getGeneral(type: OtxQueryableType, value: string): Promise<OtxGeneral | null> {
    if (!isOtxQueryableType(type))
      throw new TypeError(`Not an OTX queryable type: ${String(type)}`);
    const path = `/api/v1/indicators/${OTX_SECTION_BY_TYPE[type]}/${otxPathSegment(value)}/general`;
    // Only the fields read are typed; the relay checks their shapes where it uses them.
    return this.get('general', path, true, (body) => body as OtxGeneral);
  }

  async findInPulse(pulseId: string, value: string): Promise<OtxPulseSearchResult> {
    const { maxPages, pageSize } = this.options;
    // Pages are counted on the configured host; OTX's absolute `next` URL is never followed.
    const base = `/api/v1/pulses/${strictPercentEncode(pulseId)}/indicators?sort=-created&limit=${pageSize}&page=`;
    for (let page = 1; page <= maxPages; page++) {
      const found = await this.get('pulse-indicators', `${base}${page}`, true, (body) => {
        const { results, next } = readPulseIndicatorPage(body);
        return { match: findPulseIndicator(results, value), next };
      });
      // 400/404 on any page means "no match", not a failure (contract §11 item 8).
      if (found === null) return { match: null, pagesWalked: page - 1, complete: true };
      if (found.match !== null || found.next === null) {
        return { match: found.match, pagesWalked: page, complete: true };
      }
    }
    return { match: null, pagesWalked: maxPages, complete: false };
  }

  private get<T>(
    endpoint: OtxEndpoint,
    path: string,
    noDataAllowed: boolean,
    read: (body: Record<string, unknown>) => T,
  ): Promise<T | null> {
    const request: OtxRequest = { endpoint, path, apiKey: this.#apiKey, noDataAllowed };
    if (UNSENDABLE_HEADER_VALUE.test(this.#apiKey)) return Promise.reject(this.unsendable(request));
    return this.limit(() => {
      this.calls++;
      return this.transport.getJson(request, read);
    });
  }

  /** A key Node cannot put in a header is never sent: OTX would not accept it anyway (§3.3). */
  private unsendable(request: OtxRequest): OtxException {
    const failure = new OtxException(
      'UNAUTHORIZED',
      request.endpoint,
      'API key is not a valid HTTP header value; not sent',
    );
    this.transport.logFailure(request, failure, 0);
    return failure;
  }
}
