import type { FastifyRequest } from 'fastify';

/** Path and query of the request exactly as sent (before any router decoding). */
export function rawUrlParts(request: FastifyRequest): { path: string; query: URLSearchParams } {
  const raw = request.raw.url ?? request.url;
  const at = raw.indexOf('?');
  return {
    path: at < 0 ? raw : raw.slice(0, at),
    query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)),
  };
}

/** Decodes one path segment once; undefined for a malformed escape. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `scheme://host` of the request, from its `Host` header (as DRF builds absolute links). */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`;
}
