import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { BlockSink, LineBlocks } from './line-blocks';
import { errorSerializer, REDACT_PATHS } from './log-redaction';
import { requestOutcome } from './outcome';
import type { RequestFacts } from './request-context';

/** The one line logged per request: never a body, a header or the URL (which may hold values). */
export interface RequestLine {
  requestId: string;
  method: string | undefined;
  route: string;
  status: number;
  outcome: string;
  latencyMs: number;
  otxCalls: number;
}

export function requestLine(
  facts: RequestFacts,
  method: string | undefined,
  status: number,
  latencyMs: number,
): RequestLine {
  return {
    requestId: facts.requestId,
    method,
    route: facts.route,
    status,
    outcome: requestOutcome(facts.envelopeOutcome, status),
    // Tenths of a millisecond: finer is noise, and shorter lines.
    latencyMs: Math.round(latencyMs * 10) / 10,
    otxCalls: facts.otxCalls,
  };
}

let lastMs = -1;
let lastTime = '';

/**
 * pino's `stdTimeFunctions.isoTime`, formatted once per millisecond: under load several lines
 * share a millisecond, and formatting the date was a fifth of writing the request line.
 */
export function isoTimeOncePerMs(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * pino options: JSON lines at `level`, ISO times, level labels, credentials redacted. No mixin:
 * a line written for a request names its `requestId` itself (contract §13.1).
 */
export function relayPinoOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: isoTimeOncePerMs,
    serializers: { err: errorSerializer },
  };
}

/** Lines go out in blocks of at most about this many characters (contract §13.1). */
export const LOG_BLOCK_CHARS = 4096;
/** Under load, at most one block in this many milliseconds, unless full (contract §13.1). */
export const LOG_BLOCK_MS = 10;

/**
 * Where the relay's lines go without a stream: `fd`, in blocks at the end of a turn of the event
 * loop (at most one every {@link LOG_BLOCK_MS}), written asynchronously by pino's destination
 * ({@link LineBlocks}).
 */
export function relayLogDestination(fd = 1): LineBlocks {
  const sonic = pino.destination({ dest: fd, sync: false });
  // Only at exit: SonicBoom's synchronous mode on the same descriptor (EAGAIN retried as there).
  let atExit: ReturnType<typeof pino.destination> | undefined;
  const sink: BlockSink = {
    write: (block) => sonic.write(block),
    flush: (done) => sonic.flush(done),
    flushSync: () => sonic.flushSync(),
    writeSync: (block) => void (atExit ??= pino.destination({ dest: fd, sync: true })).write(block),
  };
  return new LineBlocks(sink, LOG_BLOCK_CHARS, LOG_BLOCK_MS);
}

/** The relay's root logger, writing to `stream` or else to stdout ({@link relayLogDestination}). */
export function createRelayPino(level: string, stream?: DestinationStream): Logger {
  return pino(relayPinoOptions(level), stream ?? relayLogDestination());
}
