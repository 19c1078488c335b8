import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import { AxiosRequestConfig } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { lastValueFrom } from 'rxjs';
import { errorCode, otxExceptionFromError, otxExceptionFromStatus } from './otx-error.util';
import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { parseJsonObject } from '../lookup/otx-page.util';
import { markTransient, parseRetryAfterS } from './otx-retry.util';
import { OtxEndpoint, OtxException } from '../otx.exception';

/** One GET to OTX. `path` starts with `/api/v1/` and is already encoded. */
export interface OtxRequest {
  endpoint: OtxEndpoint;
  path: string;
  apiKey: string;
  /** Whether 400/404 mean "no data" (null) rather than a failure. */
  noDataAllowed: boolean;
}

/**
 * The only code that calls `HttpService`, over pooled keep-alive sockets; turns every answer
 * into `read(JSON object)`, null or an OtxException. One attempt: retries are the caller's.
 */
export class OtxTransport {
  private readonly baseUrl: string;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(
    private readonly http: HttpService,
    private readonly options: ResolvedOtxOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const pool = { keepAlive: true, maxSockets: options.maxSockets };
    this.httpAgent = new HttpAgent(pool);
    this.httpsAgent = new HttpsAgent(pool);
  }

  /**
   * `read(body)` of a 200 answer's JSON object, or null for "no data". `read` may throw an
   * OtxException (a malformed body), which is logged like any other failure. An abort through
   * `signal` is `DEADLINE`.
   * @throws OtxException
   */
  async getJson<T>(
    request: OtxRequest,
    read: (body: Record<string, unknown>) => T,
    signal?: AbortSignal,
  ): Promise<T | null> {
    const started = this.now();
    let status: number | string | undefined;
    try {
      const config = this.axiosConfig(request.apiKey, signal);
      const response = await lastValueFrom(
        this.http.get<unknown>(this.baseUrl + request.path, config),
      );
      status = response.status;
      const retryAfterS = parseRetryAfterS(response.headers['retry-after'], this.now());
      const failure = otxExceptionFromStatus(
        request.endpoint,
        status,
        request.noDataAllowed,
        retryAfterS,
      );
      if (failure) throw failure;
      return status === 200 ? read(parseJsonObject(request.endpoint, response.data)) : null;
    } catch (error) {
      const failure = this.convert(error, request.endpoint, signal);
      status ??= failure.code;
      this.logFailure(request, failure, this.now() - started);
      throw failure;
    } finally {
      const durationMs = this.now() - started;
      notify(this.options.observer, 'onRequest', {
        endpoint: request.endpoint,
        status: status ?? 'UNKNOWN',
        durationMs,
      });
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

  /** Logs a call refused before sending (like a failure, with no path); returns `failure`. */
  logRefused(failure: OtxException): OtxException {
    this.logger.debug(`OTX ${failure.endpoint} GET not sent: ${failure.code} (${failure.detail})`);
    return failure;
  }

  /** Closes the pooled sockets, so that the process can exit. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private convert(error: unknown, endpoint: OtxEndpoint, signal?: AbortSignal): OtxException {
    if (signal?.aborted && !(error instanceof OtxException)) {
      return new OtxException('DEADLINE', endpoint, 'request deadline reached during the call');
    }
    const failure = otxExceptionFromError(
      error,
      endpoint,
      this.options.timeoutMs,
      this.options.maxResponseBytes,
    );
    markTransient(failure, errorCode(error));
    return failure;
  }

  private axiosConfig(apiKey: string, signal?: AbortSignal): AxiosRequestConfig {
    return {
      headers: {
        'X-OTX-API-KEY': apiKey,
        'User-Agent': this.options.userAgent,
        Accept: 'application/json',
      },
      timeout: this.options.timeoutMs,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      signal,
      // The key must only reach the configured host: no redirects, no proxy from the environment.
      maxRedirects: 0,
      proxy: false,
      // Counted as the body streams in: a larger answer is cut off, not buffered whole.
      maxContentLength: this.options.maxResponseBytes,
      maxBodyLength: this.options.maxResponseBytes,
      // Every status is an answer to classify here, and the body is parsed here, not by axios.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
    };
  }
}
