import { Injectable } from '@nestjs/common';

/** Counters of the OTX and JWKS requests received (the control API is not counted). */
export interface SimStats {
  requests: number;
  byRoute: { user: number; general: number; pulseIndicators: number; jwks: number };
}

type RouteName = keyof SimStats['byRoute'];

const ROUTES: ReadonlyArray<[RouteName, RegExp]> = [
  ['user', /^\/api\/v1\/users?\/me\/?$/],
  ['general', /^\/api\/v1\/indicators\/[^/]+\/[^/]*\/general\/?$/],
  ['pulseIndicators', /^\/api\/v1\/pulses\/[^/]+\/indicators\/?$/],
  ['jwks', /^\/\.well-known\/jwks\/?$/],
];

/** Counts requests as they arrive, before keys, faults or routing are looked at. */
@Injectable()
export class StatsService {
  private stats: SimStats = StatsService.zero();

  private static zero(): SimStats {
    return { requests: 0, byRoute: { user: 0, general: 0, pulseIndicators: 0, jwks: 0 } };
  }

  /** Counts one request by its raw path (no query). */
  record(path: string): void {
    this.stats.requests += 1;
    const route = ROUTES.find(([, pattern]) => pattern.test(path));
    if (route) this.stats.byRoute[route[0]] += 1;
  }

  /** A copy of the counters. */
  snapshot(): SimStats {
    return { requests: this.stats.requests, byRoute: { ...this.stats.byRoute } };
  }

  /** Sets every counter back to 0. */
  reset(): void {
    this.stats = StatsService.zero();
  }
}
