import { NotFoundException } from '@nestjs/common';
import { FastifyRequest, HTTPMethods } from 'fastify';

export interface RoutingError {
  body: { code: 404 | 405; message: string; reason: string };
  allow?: string;
}

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

const NOT_FOUND = {
  code: 404 as const,
  message:
    'The requested URL was not found on the server. ' +
    'If you entered the URL manually please check your spelling and try again.',
  reason: 'NotFound',
};

const METHOD_NOT_ALLOWED = {
  code: 405 as const,
  message: 'The method is not allowed for the requested URL.',
  reason: 'MethodNotAllowed',
};

/**
 * Tells an unknown path (404) from a known path asked with the wrong method (405), which
 * Fastify alone reports as 404 (contract §1.4).
 */
export function routingError(exception: unknown, request: FastifyRequest): RoutingError | null {
  if (!(exception instanceof NotFoundException) || !isRouteNotFound(exception)) return null;
  const path = request.url.split('?')[0].replace(/(.)\/+$/, '$1');
  const server = request.server;
  const allowed = METHODS.filter((method) => server.hasRoute({ method, url: path }));
  if (allowed.length === 0) return { body: NOT_FOUND };
  return { body: METHOD_NOT_ALLOWED, allow: allowed.join(', ') };
}

/** Nest's not-found handler throws `Cannot <METHOD> <url>`; other 404s are not routing. */
function isRouteNotFound(exception: NotFoundException): boolean {
  return /^Cannot [A-Z]+ /.test(exception.message);
}
