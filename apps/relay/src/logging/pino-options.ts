import type { IncomingMessage, ServerResponse } from 'node:http';
import { DestinationStream, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import { errorSerializer, REDACT_PATHS } from './log-redaction';
import { requestOutcome } from './outcome';
import { otxCallsOf, requestFactsOf } from './request-context';
import { UNMATCHED_ROUTE } from './request-hooks';

/** The one line logged per request: never a body, a header or the URL (which may hold values). */
export interface RequestLine {
  method: string | undefined;
  route: string;
  status: number;
  outcome: string;
  latencyMs: number;
  otxCalls: number;
}

function requestLine(req: IncomingMessage, res: ServerResponse, latencyMs: number): RequestLine {
  const facts = requestFactsOf(req);
  return {
    method: req.method,
    route: facts?.route ?? UNMATCHED_ROUTE,
    status: res.statusCode,
    outcome: requestOutcome(facts?.envelopeOutcome, res.statusCode),
    latencyMs,
    otxCalls: otxCallsOf(facts),
  };
}

/** pino-http options: JSON lines at `level`, one per request, credentials redacted. */
export function pinoHttpOptions(level: string): Options {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: stdTimeFunctions.isoTime,
    serializers: { err: errorSerializer },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'latencyMs' },
    // Only the request id is bound to the request's logger: no req/res objects, no headers.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { latencyMs: number }) =>
      requestLine(req, res, val.latencyMs),
    customErrorObject: (req, res, error, val: { latencyMs: number }) => ({
      ...requestLine(req, res, val.latencyMs),
      err: error,
    }),
  };
}

/** nestjs-pino's `pinoHttp` parameter: the options, with the stream to write to when given. */
export function pinoHttpParam(
  level: string,
  stream?: DestinationStream,
): Options | [Options, DestinationStream] {
  const options = pinoHttpOptions(level);
  return stream ? [options, stream] : options;
}
