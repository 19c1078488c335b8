import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import { AxiosRequestConfig } from 'axios';
import { lastValueFrom } from 'rxjs';
import { otxExceptionFromError, otxExceptionFromStatus } from './otx-error.util';
import { isRecord } from './otx-page.util';
import { OtxEndpoint, OtxException } from './otx.exception';
import { OtxModuleOptions } from './otx.types';

/** One GET to OTX. `path` starts with `/api/v1/` and is already encoded. */
export interface OtxRequest {
  endpoint: OtxEndpoint;
  path: string;
  apiKey: string;
  /** Whether 400/404 mean "no data" (null) rather than a failure. */
  noDataAllowed: boolean;
}

/** The only code that calls `HttpService`; turns every answer into a JSON object, null or an OtxException. */
export class OtxTransport {
  private readonly baseUrl: string;

  constructor(
    private readonly http: HttpService,
    private readonly options: OtxModuleOptions,
    private readonly logger: Logger,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * `read(body)` of a 200 answer's JSON object, or null for "no data". `read` may throw an
   * OtxException (a malformed body), which is logged like any other failure.
   * @throws OtxException
   */
  async getJson<T>(
    request: OtxRequest,
    read: (body: Record<string, unknown>) => T,
  ): Promise<T | null> {
    const started = Date.now();
    try {
      const response = await lastValueFrom(
        this.http.get<unknown>(this.baseUrl + request.path, this.axiosConfig(request.apiKey)),
      );
      const failure = otxExceptionFromStatus(
        request.endpoint,
        response.status,
        request.noDataAllowed,
      );
      if (failure) throw failure;
      return response.status === 200
        ? read(parseJsonObject(request.endpoint, response.data))
        : null;
    } catch (error) {
      const failure = otxExceptionFromError(error, request.endpoint, this.options.timeoutMs);
      this.logFailure(request, failure, Date.now() - started);
      throw failure;
    }
  }

  /** Debug line per failure: endpoint, path, code, status, latency. Never the key. */
  logFailure(request: OtxRequest, failure: OtxException, ms: number): void {
    const status = failure.status === undefined ? '' : ` status ${failure.status}`;
    this.logger.debug(
      `OTX ${request.endpoint} GET ${request.path} failed: ${failure.code}${status} ` +
        `(${failure.detail}) after ${ms} ms`,
    );
  }

  private axiosConfig(apiKey: string): AxiosRequestConfig {
    return {
      headers: {
        'X-OTX-API-KEY': apiKey,
        'User-Agent': this.options.userAgent,
        Accept: 'application/json',
      },
      timeout: this.options.timeoutMs,
      // The key must only reach the configured host: no redirects, no proxy from the environment.
      maxRedirects: 0,
      proxy: false,
      // Every status is an answer to classify here, and the body is parsed here, not by axios.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
    };
  }
}

function parseJsonObject(endpoint: OtxEndpoint, data: unknown): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined)
    throw new OtxException('BAD_RESPONSE', endpoint, 'response is not JSON');
  if (!isRecord(parsed)) {
    throw new OtxException('BAD_RESPONSE', endpoint, 'response is not a JSON object');
  }
  return parsed;
}
