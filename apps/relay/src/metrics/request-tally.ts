import type { Metric, Registry, RegistryContentType } from 'prom-client';

/** One route's answers: counts by outcome, and its histogram's buckets (not cumulative). */
interface RouteTally {
  readonly outcomes: Map<string, number>;
  /** `buckets[i]` counts answers in (bounds[i-1], bounds[i]]; the last one, those over all. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * The request metrics (`relay_requests_total` by route and outcome, and
 * `relay_request_duration_seconds` by route), tallied in plain numbers and turned into
 * prom-client's values only when scraped. prom-client's own `inc` and `observe` hash the labels,
 * check them and (for a histogram) build a closure on every call: about 3 µs of a 100 µs `/refer`
 * answer, against some 20 ns here. Both metrics stay prom-client metrics in its registry, so
 * `GET /metrics` writes them as before.
 */
export class RequestTally {
  private readonly routes = new Map<string, RouteTally>();

  private constructor(readonly bounds: readonly number[]) {}

  /**
   * The tally behind the two metrics named in `registry`, created and registered there if they
   * are not yet: prom-client's registry is per process, and several relays in one test process
   * share it, as they would share prom-client's own metrics.
   */
  static registered(
    registry: Registry<RegistryContentType>,
    names: { requests: string; seconds: string },
    help: { requests: string; seconds: string },
    bounds: readonly number[],
  ): RequestTally {
    const known: unknown = registry.getSingleMetric(names.requests);
    if (known instanceof TallyMetric) return known.tally;
    const tally = new RequestTally([...bounds].sort((a, b) => a - b));
    const metrics = [
      new TallyMetric(names.requests, help.requests, 'counter', tally, () => tally.counterValues()),
      new TallyMetric(names.seconds, help.seconds, 'histogram', tally, (name) =>
        tally.histogramValues(name),
      ),
    ];
    // The registry's type names prom-client's classes; it reads only what TallyMetric has.
    for (const metric of metrics) registry.registerMetric(metric as unknown as Metric);
    return tally;
  }

  /** One answered request. A time that is not a finite number is counted, never observed. */
  record(route: string, outcome: string, seconds: number): void {
    let tally = this.routes.get(route);
    if (tally === undefined) {
      tally = {
        outcomes: new Map(),
        buckets: new Float64Array(this.bounds.length + 1),
        sum: 0,
        count: 0,
      };
      this.routes.set(route, tally);
    }
    tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1);
    if (!Number.isFinite(seconds)) return;
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]) bucket++;
    tally.buckets[bucket]++;
    tally.sum += seconds;
    tally.count++;
  }

  reset(): void {
    this.routes.clear();
  }

  /** `relay_requests_total`'s values, as prom-client's counter gives them. */
  counterValues(): TallyValue[] {
    const values: TallyValue[] = [];
    for (const [route, tally] of this.routes) {
      for (const [outcome, value] of tally.outcomes)
        values.push({ value, labels: { route, outcome } });
    }
    return values;
  }

  /** `relay_request_duration_seconds`'s values under `name`, as prom-client's histogram gives them. */
  histogramValues(name: string): TallyValue[] {
    const values: TallyValue[] = [];
    for (const [route, tally] of this.routes) {
      if (tally.count === 0) continue;
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += tally.buckets[i];
        values.push({
          value: cumulative,
          labels: { le, route },
          metricName: `${name}_bucket`,
          exemplar: null,
        });
      });
      values.push(
        {
          value: tally.count,
          labels: { le: '+Inf', route },
          metricName: `${name}_bucket`,
          exemplar: null,
        },
        { value: tally.sum, labels: { route }, metricName: `${name}_sum` },
        { value: tally.count, labels: { route }, metricName: `${name}_count` },
      );
    }
    return values;
  }
}

/** A value as prom-client's registry reads it: `metricName` for a histogram's series. */
export interface TallyValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  /** As prom-client gives a histogram's buckets without exemplars. */
  exemplar?: null;
}

/**
 * A metric as prom-client's registry reads one (`name`, `help`, `type`, `get`, `reset`), its
 * values taken from the tally. Not a subclass of prom-client's metrics: their constructor resets
 * the metric before a subclass could hold its tally.
 */
class TallyMetric {
  readonly aggregator = 'sum';

  constructor(
    // Not read-only: the registry renames counters when it writes OpenMetrics.
    public name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    readonly tally: RequestTally,
    private readonly values: (name: string) => TallyValue[],
  ) {}

  get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: TallyValue[];
  }> {
    const { name, help, type, aggregator } = this;
    return Promise.resolve({ name, help, type, aggregator, values: this.values(name) });
  }

  reset(): void {
    this.tally.reset();
  }
}
