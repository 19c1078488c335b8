import type { OtxIndicatorLookup, OtxPulse } from '../otx.types';
import { planPulseWalks, PulseWalk } from './otx-lookup-plan';

/**
 * Collects the pulses general lookups return and starts their walks in batches, so a pulse
 * listed by several observables is walked once for all of them — without letting one slow
 * general lookup hold back the walks of every other observable until the deadline.
 *
 * The first batch starts when every general lookup has answered, or a grace period after the
 * first answer (twice its latency, at least `minGraceMs`, at most `maxGraceMs`: with a slow OTX
 * and a near deadline, waiting to batch would leave no time to walk); lookups answering later
 * start their walks as soon as they answer, batched with whatever answered in the same turn.
 */
export class PulseWalkBatcher {
  private pending = new Map<OtxIndicatorLookup, OtxPulse[]>();
  private readonly started: Promise<void>[] = [];
  private remaining: number;
  private opened = false;
  private graceTimer?: NodeJS.Timeout;
  private flushQueued = false;

  constructor(
    generalCount: number,
    private readonly startedAt: number,
    private readonly walk: (walk: PulseWalk) => Promise<void>,
    private readonly minGraceMs = 100,
    private readonly maxGraceMs = Infinity,
  ) {
    this.remaining = generalCount;
  }

  /** Records one general lookup's answer (an empty list for no data or a failure). */
  answered(group: OtxIndicatorLookup, pulses: OtxPulse[]): void {
    this.remaining -= 1;
    if (pulses.length > 0) this.pending.set(group, pulses);
    if (this.remaining === 0) return this.flush();
    if (this.opened) return this.queueFlush();
    if (!this.graceTimer) {
      const latency = Date.now() - this.startedAt;
      const grace = Math.min(this.maxGraceMs, Math.max(this.minGraceMs, 2 * latency));
      this.graceTimer = setTimeout(() => this.flush(), grace);
    }
  }

  /** Resolves when every walk started so far (and so all of them, once all answered) is done. */
  async done(): Promise<void> {
    let count = -1;
    while (count !== this.started.length) {
      count = this.started.length;
      await Promise.all(this.started);
    }
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    clearTimeout(this.graceTimer);
    this.opened = true;
    this.flushQueued = false;
    const batch = this.pending;
    this.pending = new Map();
    for (const walk of planPulseWalks(batch)) this.started.push(this.walk(walk));
  }
}
