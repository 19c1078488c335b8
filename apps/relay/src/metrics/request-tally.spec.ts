import { Counter, Histogram, OpenMetricsContentType, Registry } from 'prom-client';
import { RequestTally } from './request-tally';

const names = { requests: 'x_requests_total', seconds: 'x_request_duration_seconds' };
const help = { requests: 'Requests answered', seconds: 'Time to answer' };
const BOUNDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60];

/** The same metrics kept by prom-client's own classes, in a registry of their own. */
function promClientTwin(registry: Registry | Registry<OpenMetricsContentType> = new Registry()) {
  const counter = new Counter({
    name: names.requests,
    help: help.requests,
    labelNames: ['route', 'outcome'],
    registers: [registry],
  });
  const histogram = new Histogram({
    name: names.seconds,
    help: help.seconds,
    labelNames: ['route'],
    buckets: BOUNDS,
    registers: [registry],
  });
  const record = (route: string, outcome: string, seconds: number) => {
    counter.inc({ route, outcome });
    histogram.observe({ route }, seconds);
  };
  return { registry, record };
}

/** The exposition's lines in order of name and labels: the order of series is not part of it. */
const sorted = (text: string) => text.split('\n').filter(Boolean).sort();

/** Answers as a relay sees them: a few routes and outcomes, times on and between bounds. */
function answers(count: number, seed: number): [string, string, number][] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const routes = ['/refer/observables', '/observe/observables', '/health', 'unmatched'];
  const outcomes = ['ok', 'partial', 'invalid payload received', 'authorization error'];
  return Array.from({ length: count }, () => {
    const onBound = next() < 0.2;
    const seconds = onBound ? BOUNDS[Math.floor(next() * BOUNDS.length)] : next() ** 3 * 80; // mostly fast, some past the last bound
    return [
      routes[Math.floor(next() * routes.length)],
      outcomes[Math.floor(next() * outcomes.length)],
      seconds,
    ];
  });
}

describe(RequestTally.name, () => {
  it.each([1, 2, 3])(
    "writes what prom-client's own counter and histogram write (seed %i)",
    async (seed) => {
      const registry = new Registry();
      const tally = RequestTally.registered(registry, names, help, BOUNDS);
      const twin = promClientTwin();
      for (const [route, outcome, seconds] of answers(500, seed)) {
        tally.record(route, outcome, seconds);
        twin.record(route, outcome, seconds);
      }
      expect(sorted(await registry.metrics())).toEqual(sorted(await twin.registry.metrics()));
      const json = await registry.getMetricsAsJSON();
      const twinJson = await twin.registry.getMetricsAsJSON();
      const byLabels = (values: { labels: object; metricName?: string }[]) =>
        [...values].sort((a, b) =>
          `${a.metricName}${JSON.stringify(a.labels)}`.localeCompare(
            `${b.metricName}${JSON.stringify(b.labels)}`,
          ),
        );
      expect(json.map((m) => ({ ...m, values: byLabels(m.values) }))).toEqual(
        twinJson.map((m) => ({ ...m, values: byLabels(m.values) })),
      );
    },
  );

  it('writes OpenMetrics as prom-client does (counters named with _total once)', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const tally = RequestTally.registered(registry, names, help, BOUNDS);
    const twinRegistry = new Registry<OpenMetricsContentType>();
    twinRegistry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const twin = promClientTwin(twinRegistry);
    for (const [route, outcome, seconds] of answers(50, 4)) {
      tally.record(route, outcome, seconds);
      twin.record(route, outcome, seconds);
    }
    // Twice: the registry renames counters as it writes them.
    for (let i = 0; i < 2; i++) {
      expect(sorted(await registry.metrics())).toEqual(sorted(await twin.registry.metrics()));
    }
  });

  it('writes only the help and type lines before any answer', async () => {
    const registry = new Registry();
    RequestTally.registered(registry, names, help, BOUNDS);
    expect(await registry.metrics()).toBe((await promClientTwin().registry.metrics()).toString());
  });

  it('is one tally per registry, however many relays ask for it', () => {
    const registry = new Registry();
    const first = RequestTally.registered(registry, names, help, BOUNDS);
    expect(RequestTally.registered(registry, names, help, BOUNDS)).toBe(first);
    expect(RequestTally.registered(new Registry(), names, help, BOUNDS)).not.toBe(first);
  });

  it("starts afresh when the registry's metrics are reset", async () => {
    const registry = new Registry();
    const tally = RequestTally.registered(registry, names, help, BOUNDS);
    tally.record('/health', 'ok', 0.001);
    registry.resetMetrics();
    tally.record('/health', 'partial', 0.2);
    const text = await registry.metrics();
    expect(text).not.toContain('outcome="ok"');
    expect(text).toContain('x_requests_total{route="/health",outcome="partial"} 1');
    expect(text).toContain('x_request_duration_seconds_count{route="/health"} 1');
  });

  it('counts an answer whose time is not a number without observing it', async () => {
    const registry = new Registry();
    const tally = RequestTally.registered(registry, names, help, BOUNDS);
    tally.record('/health', 'ok', Number.NaN);
    tally.record('/health', 'ok', 0.5);
    const text = await registry.metrics();
    expect(text).toContain('x_requests_total{route="/health",outcome="ok"} 2');
    expect(text).toContain('x_request_duration_seconds_count{route="/health"} 1');
    expect(text).toContain('x_request_duration_seconds_sum{route="/health"} 0.5');
  });
});
