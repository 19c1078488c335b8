/** Rules that fail an OTX call, in rotation (the simulator's fault knobs, apps/otx-sim/README.md). */
const FAULT_KINDS: Record<string, unknown>[] = [
  { status: 500, body: '<html><h1>Server Error (500)</h1></html>' },
  { status: 502 },
  { status: 503 },
  { status: 504 },
  { status: 429, body: '{"detail": "Over throttling limit"}' },
  { status: 403, body: '{"detail": "Invalid API key"}' },
  { reset: true },
  { status: 200, body: '<html>maintenance</html>' },
  { status: 200, body: '{"pulse_info": {"pulses": [' },
  { hang: true },
];
const OTX_PATHS = '^/api/v1/';
const TICK_MS = 250;

/** How many OTX requests the simulator received, and how many of them were failed on purpose. */
export interface FaultCounts {
  otxRequests: number;
  injected: number;
}

/**
 * Keeps the failed share of OTX requests at `rate`: every 250 ms it reads how many OTX
 * requests the simulator got and how much of the last rule was used, and puts a rule (next
 * kind in rotation) with `times` set to the shortfall, capped so faults come spread out.
 */
export class FaultInjector {
  private injected = 0;
  private placed = 0;
  private otxRequests = 0;
  private kind = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly simUrl: string,
    private readonly rate: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  /** Stops injecting and clears the rules; resolves with the final counts. */
  async stop(): Promise<FaultCounts> {
    clearInterval(this.timer);
    for (let i = 0; i < 100 && this.busy; i++) await new Promise((r) => setTimeout(r, 20));
    await this.settle();
    await this.put([]);
    return { otxRequests: this.otxRequests, injected: this.injected };
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const before = this.otxRequests;
      await this.settle();
      const recent = this.otxRequests - before;
      const shortfall = Math.round(this.rate * this.otxRequests) - this.injected;
      const times = Math.min(shortfall, Math.ceil(this.rate * recent * 2) + 1);
      if (times <= 0 || this.rate === 0) return;
      const rule = { path: OTX_PATHS, times, ...FAULT_KINDS[this.kind++ % FAULT_KINDS.length] };
      await this.put([rule]);
      this.placed = times;
    } catch {
      // The simulator is checked for life at the end; a missed tick only delays a fault.
    } finally {
      this.busy = false;
    }
  }

  /** Counts what the rule in force consumed, and the OTX requests so far. */
  private async settle(): Promise<void> {
    const faults = (await this.get('/_sim/faults')) as { rules: { times?: number }[] };
    const left = faults.rules[0]?.times ?? 0;
    this.injected += this.placed - left;
    this.placed = left;
    const stats = (await this.get('/_sim/stats')) as {
      requests: number;
      byRoute: { jwks: number };
    };
    this.otxRequests = stats.requests - stats.byRoute.jwks;
  }

  private async get(path: string): Promise<unknown> {
    const res = await fetch(`${this.simUrl}${path}`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  }

  private async put(rules: unknown[]): Promise<void> {
    const res = await fetch(`${this.simUrl}/_sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`PUT /_sim/faults: HTTP ${res.status} ${await res.text()}`);
  }
}
