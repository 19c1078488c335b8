import { setMaxListeners } from 'node:events';
import { OtxClock } from '../otx-clock';

// setTimeout's range: a later deadline is as good as none.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Aborts a session's requests still in flight at its deadline. The timer runs only while at
 * least one request is in flight. A timer armed for the whole deadline (AbortSignal.timeout)
 * kept each finished request's objects alive until it fired, as a timer holds the async context
 * it was created in: 25 s of requests, hundreds of MB under load.
 */
export class OtxDeadlineSignal {
  // Made by the first request sent: a session answered from cache never needs one.
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  /** @param deadlineAt epoch ms by `clock`; `Infinity` for none */
  constructor(
    private readonly deadlineAt: number,
    private readonly clock: OtxClock,
  ) {}

  /** Runs `send` with a signal that aborts at the deadline (none when there is no deadline). */
  async run<T>(send: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (!Number.isFinite(this.deadlineAt)) return send(undefined);
    if (!this.controller) {
      this.controller = new AbortController();
      // Every request in flight listens to it: as many as the session's concurrency.
      setMaxListeners(0, this.controller.signal);
    }
    const controller = this.controller;
    if (this.inFlight++ === 0) this.arm(controller);
    try {
      return await send(controller.signal);
    } finally {
      if (--this.inFlight === 0) this.disarm();
    }
  }

  private arm(controller: AbortController): void {
    const remainingMs = this.deadlineAt - this.clock.now();
    if (controller.signal.aborted || remainingMs > MAX_TIMER_MS) return;
    if (remainingMs <= 0) return controller.abort();
    this.timer = setTimeout(() => controller.abort(), remainingMs);
    this.timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
