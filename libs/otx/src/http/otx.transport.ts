import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import { AxiosRequestConfig } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { finished, type Readable } from 'node:stream';
import { lastValueFrom } from 'rxjs';
import { errorCode, otxExceptionFromError, otxExceptionFromStatus } from './otx-error.util';
import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { parseJsonObject } from './otx-json';
import { markTransient, parseRetryAfterS } from './otx-retry.util';
import { OtxEndpoint, OtxException } from '../otx.exception';
import { otxLogMessage } from '../otx-log';

/** One GET to OTX. `path` starts with `/api/v1/` and is already encoded. */
export interface OtxRequest {
  endpoint: OtxEndpoint;
  path: string;
  apiKey: string;
  /** Whether 400/404 mean "no data" (null) rather than a failure. */
  noDataAllowed: boolean;
  /** Lower goes first when the session's calls queue (the caller's order of observables). */
  priority?: number;
  /** The id of the request the call serves, carried by its log lines (contract §13.1). */
  requestId?: string;
}

/** Reads an answer's body as it arrives (a fresh one per attempt). */
export interface OtxBodyReader<T> {
  /**
   * Takes the next bytes; true when the rest of the body cannot change the result.
   * @throws OtxException when the bytes so far cannot be an answer
   */
  push(chunk: Buffer): boolean;
  /** The result once the body was read to its end. @throws OtxException */
  end(): T;
  /** The result when {@link push} said the rest is not needed. */
  stop(): T;
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
  getJson<T>(
    request: OtxRequest,
    read: (body: Record<string, unknown>) => T,
    signal?: AbortSignal,
  ): Promise<T | null> {
    return this.send<unknown, T>(request, 'text', signal, (body) =>
      Promise.resolve(read(parseJsonObject(request.endpoint, body))),
    );
  }

  /**
   * The result of `reader` fed a 200 answer's body chunk by chunk as it streams in, or null for
   * "no data". The body is never held whole: the reader keeps what it needs. When the reader has
   * what it needs the rest is not read and the connection is closed. A body over
   * `maxResponseBytes`, a stall of `timeoutMs` between chunks, or an abort through `signal`
   * (`DEADLINE`) end the call as in {@link getJson}.
   * @throws OtxException
   */
  getStreamed<T>(
    request: OtxRequest,
    reader: OtxBodyReader<T>,
    signal?: AbortSignal,
  ): Promise<T | null> {
    return this.send<Readable, T>(request, 'stream', signal, (body) =>
      this.readBody(request, body, reader),
    );
  }

  /**
   * One GET: the status classified (contract §6.3), then `handle` of a 200 answer's body; every
   * failure converted, logged and counted in one place.
   */
  private async send<B, T>(
    request: OtxRequest,
    responseType: 'text' | 'stream',
    signal: AbortSignal | undefined,
    handle: (body: B) => Promise<T>,
  ): Promise<T | null> {
    const started = this.now();
    let status: number | string | undefined;
    try {
      const config: AxiosRequestConfig = {
        ...this.axiosConfig(request.apiKey, signal),
        responseType,
        // A stream is capped by readBody as it is read. axios's own cap would wrap the socket in
        // a second async iterator and stream, a promise and a copy per chunk of every page.
        ...(responseType === 'stream' && { maxContentLength: -1 }),
      };
      const response = await lastValueFrom(this.http.get<B>(this.baseUrl + request.path, config));
      status = response.status;
      const retryAfterS = parseRetryAfterS(response.headers['retry-after'], this.now());
      const failure = otxExceptionFromStatus(
        request.endpoint,
        status,
        request.noDataAllowed,
        retryAfterS,
      );
      if (failure !== null || status !== 200) {
        // A stream not read is closed: the socket is not reused for what is left of it.
        if (responseType === 'stream') (response.data as Readable).destroy();
        if (failure) throw failure;
        return null;
      }
      return await handle(response.data);
    } catch (error) {
      const failure = this.convert(error, request.endpoint, signal);
      status ??= failure.code;
      this.logFailure(request, failure, this.now() - started);
      throw failure;
    } finally {
      const event = {
        endpoint: request.endpoint,
        status: status ?? 'UNKNOWN',
        durationMs: this.now() - started,
      };
      notify(this.options.observer, 'onRequest', event, request.requestId);
    }
  }

  /**
   * Feeds `body` to `reader` under the size cap and the idle timeout. The body is closed, but
   * one the reader left early is first read on, unscanned, up to {@link KEEP_ALIVE_DRAIN_BYTES}.
   * Chunks are taken as 'data' events, each as the socket gave it: a stream's async iterator
   * reads with `read()`, which joins the chunks waiting into a new buffer (a copy of much of a
   * heavy page) and costs a promise per chunk.
   */
  private readBody<T>(request: OtxRequest, body: Readable, reader: OtxBodyReader<T>): Promise<T> {
    const { endpoint, requestId } = request;
    const { maxResponseBytes, timeoutMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      let bytes = 0;
      let settled = false;
      // Node's socket timeout does not reach through a decompressing stream: time the chunks here.
      const idle = setTimeout(() => body.destroy(stalled(timeoutMs)), timeoutMs);
      const settle = (stoppedEarly: boolean): void => {
        settled = true;
        clearTimeout(idle);
        stopWatching();
        body.off('data', onData);
        if (stoppedEarly) drainRest(body, KEEP_ALIVE_DRAIN_BYTES, timeoutMs);
        else body.destroy();
        notify(this.options.observer, 'onBytes', { endpoint, bytes }, requestId);
      };
      const fail = (error: Error): void => {
        if (settled) return;
        settle(false);
        reject(error);
      };
      const onData = (chunk: Buffer): void => {
        if (settled) return;
        idle.refresh();
        bytes += chunk.length;
        try {
          if (bytes > maxResponseBytes) {
            const detail = `response larger than ${maxResponseBytes} bytes`;
            throw new OtxException('BAD_RESPONSE', endpoint, detail);
          }
          if (!reader.push(chunk)) return;
          const result = reader.stop();
          settle(true);
          resolve(result);
        } catch (error) {
          fail(error as Error);
        }
      };
      // The end, an error, or a close before the end (ERR_STREAM_PREMATURE_CLOSE): what the
      // async iterator reported.
      const stopWatching = finished(body, (error) => {
        if (error) return fail(error);
        if (settled) return;
        try {
          const result = reader.end();
          settle(false);
          resolve(result);
        } catch (failure) {
          fail(failure as Error);
        }
      });
      body.on('data', onData);
    });
  }

  /**
   * Debug line per failure: endpoint, path, code, status, latency, and the `requestId` of the
   * request served (contract §13.1). Never the key.
   */
  logFailure(request: OtxRequest, failure: OtxException, ms: number): void {
    const status = failure.status === undefined ? '' : ` status ${failure.status}`;
    const msg =
      `OTX ${request.endpoint} GET ${request.path} failed: ${failure.code}${status} ` +
      `(${failure.detail}) after ${ms} ms`;
    this.logger.debug(otxLogMessage(msg, request.requestId));
  }

  /** Logs a call refused before sending (like a failure, with no path); returns `failure`. */
  logRefused(failure: OtxException, requestId?: string): OtxException {
    const msg = `OTX ${failure.endpoint} GET not sent: ${failure.code} (${failure.detail})`;
    this.logger.debug(otxLogMessage(msg, requestId));
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
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
    };
  }
}

/**
 * How much of a body left early is still read, unscanned, so that its socket goes back to the
 * pool: a new connection to OTX is a TCP and TLS handshake, dearer to both sides than a few
 * kilobytes. A longer rest closes the connection instead (contract §6.2).
 */
export const KEEP_ALIVE_DRAIN_BYTES = 64 * 1024;

/**
 * Reads and drops what is left of `body` in the background, destroying it once more than
 * `limit` bytes or a stall of `timeoutMs` make the connection not worth keeping.
 */
function drainRest(body: Readable, limit: number, timeoutMs: number): void {
  if (body.readableEnded || body.destroyed) {
    body.destroy();
    return;
  }
  let left = limit;
  const timer = setTimeout(() => body.destroy(), timeoutMs).unref();
  body.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) body.destroy();
  });
  body.once('close', () => clearTimeout(timer));
  // A failure of what is dropped concerns no caller.
  body.on('error', () => undefined);
  body.resume();
}

/** The error a stalled body is destroyed with; converted like a socket timeout. */
function stalled(timeoutMs: number): Error {
  return Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
}
