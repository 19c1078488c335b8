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

const { chindingsSym, endSym, lsCacheSym, needsMetadataGsym, streamSym, timeSym } = pino.symbols;
const INFO = 30;
const ERROR = 50;

/** Writes one request's line: `failed` at `error` ("request failed"), else `info`. */
export type RequestLineWriter = (line: RequestLine, failed: boolean) => void;

/**
 * Writes the request line byte for byte as pino's `info` or `error` would on `logger` (made by
 * {@link createRelayPino}), without pino's generic walk of the object: its serializer, formatter
 * and redaction checks per key were about 2 µs of a 100 µs `/refer` answer. The level prefix,
 * time, bindings, line end and stream are pino's own, read through its exported symbols; the
 * fields are written here ({@link quoted}, {@link numberText}). A stream that wants pino's
 * metadata (a multistream) gets pino's own path.
 */
export function requestLineWriter(logger: Logger): RequestLineWriter {
  const internals = logger as unknown as Record<symbol, unknown>;
  const stream = internals[streamSym] as DestinationStream & Record<symbol, unknown>;
  if (stream[needsMetadataGsym] === true) {
    return (line, failed) =>
      failed ? logger.error(line, 'request failed') : logger.info(line, 'request completed');
  }
  const levels = internals[lsCacheSym] as Record<number, string>;
  const time = internals[timeSym] as () => string;
  const chindings = internals[chindingsSym] as string;
  const end = internals[endSym] as string;
  return (line, failed) => {
    const method = line.method === undefined ? '' : `,"method":${quoted(line.method)}`;
    stream.write(
      `${levels[failed ? ERROR : INFO]}${time()}${chindings}` +
        `,"requestId":${quoted(line.requestId)}${method}` +
        `,"route":${quoted(line.route)},"status":${numberText(line.status)}` +
        `,"outcome":${quoted(line.outcome)},"latencyMs":${numberText(line.latencyMs)}` +
        `,"otxCalls":${numberText(line.otxCalls)}` +
        `,"msg":"${failed ? 'request failed' : 'request completed'}"${end}`,
    );
  };
}

/**
 * `JSON.stringify(text)`, quoted as it is when it holds only printable ASCII without `"` or `\`
 * (every field of the line, nearly always): JSON.stringify took about 180 ns a string.
 */
export function quoted(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/**
 * A number as pino writes one (`String(n)`, `null` when not finite). A whole number of tenths
 * below 10⁸ (the latency) is written from its integer parts: formatting a fraction took about
 * 200 ns. The result is the same string.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  const tenths = Math.round(n * 10);
  if (tenths >= 0 && tenths < 1e9 && tenths / 10 === n) {
    const whole = Math.floor(tenths / 10);
    const digit = tenths - whole * 10;
    return digit === 0 ? String(whole) : `${whole}.${digit}`;
  }
  return String(n);
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
