import { request } from './http';

export interface SimStats {
  requests: number;
  byRoute: { user: number; general: number; pulseIndicators: number; jwks: number };
}

/** The simulator's control API: request counters and fault rules. */
export function simControl(simUrl: () => string) {
  return {
    stats: async (): Promise<SimStats> =>
      (await request(`${simUrl()}/_sim/stats`, { method: 'GET' })).body as SimStats,
    reset: () => request(`${simUrl()}/_sim/reset`),
    faults: (rules: unknown[]) =>
      request(`${simUrl()}/_sim/faults`, { method: 'PUT', body: { rules } }),
  };
}
