import { Injectable } from '@nestjs/common';

/** Counters per route of the OTX and JWKS requests (the control API is not counted). */
export interface RouteCounts {
  user: number;
  general: number;
  pulseIndicators: number;
  jwks: number;
}

/** What `GET /_sim/stats` counts. */
export interface SimStats {
  /** Requests received, refused and faulted ones included. */
  requests: number;
  byRoute: RouteCounts;
  /** Body bytes the sockets took, per route; what a client that left early was not sent is left out. */
  bytesSent: RouteCounts;
}

/** A route `SimStats` counts by. */
export type RouteName = keyof RouteCounts;

const ROUTES: ReadonlyArray<[RouteName, RegExp]> = [
  ['user', /^\/api\/v1\/users?\/me\/?$/],
  ['general', /^\/api\/v1\/indicators\/[^/]+\/[^/]*\/general\/?$/],
  ['pulseIndicators', /^\/api\/v1\/pulses\/[^/]+\/indicators\/?$/],
  ['jwks', /^\/\.well-known\/jwks\/?$/],
];

const zero = (): RouteCounts => ({ user: 0, general: 0, pulseIndicators: 0, jwks: 0 });

/** The route of a raw path (no query), if it is one `SimStats` counts by. */
export function routeOf(path: string): RouteName | undefined {
  return ROUTES.find(([, pattern]) => pattern.test(path))?.[0];
}

/** Counts requests as they arrive, before keys, faults or routing are looked at, and bytes sent. */
@Injectable()
export class StatsService {
  private requests = 0;
  private byRoute = zero();
  private bytesSent = zero();

  /** Counts one request by its raw path (no query). */
  record(path: string): void {
    this.requests += 1;
    const route = routeOf(path);
    if (route) this.byRoute[route] += 1;
  }

  /** Counts body bytes a socket took for an answer on `route`. */
  sent(route: RouteName, bytes: number): void {
    this.bytesSent[route] += bytes;
  }

  /** A copy of the counters. */
  snapshot(): SimStats {
    return {
      requests: this.requests,
      byRoute: { ...this.byRoute },
      bytesSent: { ...this.bytesSent },
    };
  }

  /** Sets every counter back to 0. */
  reset(): void {
    this.requests = 0;
    this.byRoute = zero();
    this.bytesSent = zero();
  }
}
