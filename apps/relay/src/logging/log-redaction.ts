import { stdSerializers } from 'pino';

const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-otx-api-key'];
const SECRET_FIELDS = ['token', 'key', 'secret', 'apiKey', 'password', 'jwt'];

/** `headers["x"]` in both spellings: Node lower-cases incoming headers, axios keeps its own. */
function headerPaths(prefix: string): string[] {
  return SECRET_HEADERS.flatMap((h) => [h, h.toUpperCase(), capitalise(h)]).map(
    (h) => `${prefix}headers["${h}"]`,
  );
}

function capitalise(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * What pino replaces by `[Redacted]` wherever a log call could carry it: headers of requests,
 * responses and axios errors, and fields named like credentials up to three levels deep.
 */
export const REDACT_PATHS: string[] = [
  ...['', 'req.', 'res.', 'request.', 'response.', 'err.config.', 'config.', '*.'].flatMap(
    headerPaths,
  ),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/**
 * Errors keep their type, message and stack. The request, response and config an axios error
 * carries hold the OTX key in their headers, so they are never logged.
 */
export function errorSerializer(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return error;
  const serialized = stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  for (const field of ['config', 'request', 'response', 'headers']) delete serialized[field];
  return serialized;
}
