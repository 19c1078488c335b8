/** Whether a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The figures of the relay's `GET /metrics` (prom-client default metrics) the soak reads. */
export interface RelayMetricsSample {
  /** Event-loop delay p99 since the previous scrape (prom-client resets its histogram). */
  eventLoopP99S: number | undefined;
  /** `process_start_time_seconds`: changes when the relay process is replaced. */
  startTimeS: number | undefined;
}

export async function scrapeMetrics(relayUrl: string): Promise<RelayMetricsSample> {
  const res = await fetch(`${relayUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
  const text = await res.text();
  const value = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return {
    eventLoopP99S: value('nodejs_eventloop_lag_p99_seconds'),
    startTimeS: value('process_start_time_seconds'),
  };
}
