import { Logger } from '@nestjs/common';
import { OtxBreaker } from '../limits/otx-breaker';
import { OtxBudget } from '../limits/otx-budget';
import { OtxClock } from '../otx-clock';
import { OtxDeadlineSignal } from './otx-deadline-signal';
import { notify } from '../otx-observer';
import { ResolvedOtxOptions } from '../otx-options.util';
import { retryDelayMs, retryReason } from './otx-retry.util';
import { OtxEndpoint, OtxException } from '../otx.exception';
import { PriorityLimit } from '../limits/priority-limit';
import { OtxRequest } from './otx.transport';

/** Sends one attempt of a request; `signal` aborts it at the deadline. */
export type OtxSend<T> = (signal: AbortSignal | undefined) => Promise<T | null>;

/** What one call needs from its session. */
export interface OtxCallContext {
  keyHash: string;
  /** Epoch ms; `Infinity` when the session has no deadline. */
  deadlineAt: number;
  /** Aborts a request still in flight at the deadline. */
  deadlineSignal: OtxDeadlineSignal;
  /** The session's concurrency limiter: one slot per attempt, none while waiting to retry. */
  limit: PriorityLimit;
  /** Counts a request actually sent. */
  onSent(): void;
}

/**
 * One logical OTX call: breaker, deadline and budget checks before each attempt, then retries
 * with backoff (or `Retry-After`) on transient failures, never waiting past the deadline.
 */
export class OtxCaller {
  constructor(
    private readonly budget: OtxBudget,
    private readonly breaker: OtxBreaker,
    private readonly options: ResolvedOtxOptions,
    private readonly clock: OtxClock,
    private readonly logger: Logger,
  ) {}

  /** @throws OtxException */
  async call<T>(request: OtxRequest, send: OtxSend<T>, ctx: OtxCallContext): Promise<T | null> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(request, send, ctx);
      } catch (error) {
        await this.clock.sleep(await this.retryWait(error, request.endpoint, retry, ctx));
      }
    }
  }

  /** The wait before retry number `retry`; rethrows `error` when there is to be none. */
  private async retryWait(
    error: unknown,
    endpoint: OtxEndpoint,
    retry: number,
    ctx: OtxCallContext,
  ): Promise<number> {
    if (!(error instanceof OtxException)) throw error;
    const wait =
      retry < this.options.retries ? retryDelayMs(error, retry, () => this.clock.random()) : null;
    if (wait !== null && this.clock.now() + wait < ctx.deadlineAt) {
      notify(this.options.observer, 'onRetry', { endpoint, reason: retryReason(error) });
      return wait;
    }
    if (error.code === 'HTTP_STATUS' && error.status === 429) await this.count429(ctx.keyHash);
    throw error;
  }

  private async attempt<T>(
    request: OtxRequest,
    send: OtxSend<T>,
    ctx: OtxCallContext,
  ): Promise<T | null> {
    await this.refuseWhileOpen(request.endpoint, ctx.keyHash);
    return ctx.limit.run(async () => {
      this.refuseAtDeadline(request.endpoint, ctx.deadlineAt);
      await this.budget.take(ctx.keyHash, ctx.deadlineAt, request.endpoint).catch((error) => {
        if (error instanceof OtxException && error.code === 'BUDGET') this.rejected('budget');
        throw error;
      });
      this.refuseAtDeadline(request.endpoint, ctx.deadlineAt);
      ctx.onSent();
      const sent = ctx.deadlineSignal.run(send);
      return sent.catch((error) => {
        if (error instanceof OtxException && error.code === 'DEADLINE') this.rejected('deadline');
        throw error;
      });
    }, request.priority);
  }

  private async refuseWhileOpen(endpoint: OtxEndpoint, keyHash: string): Promise<void> {
    const openForS = await this.breaker.openForS(keyHash);
    if (openForS === 0) return;
    this.rejected('breaker');
    const detail = `OTX is rate-limiting this API key; not calling it for ${openForS} s`;
    throw new OtxException('RATE_LIMITED', endpoint, detail, undefined, openForS);
  }

  private refuseAtDeadline(endpoint: OtxEndpoint, deadlineAt: number): void {
    if (this.clock.now() < deadlineAt) return;
    this.rejected('deadline');
    throw new OtxException('DEADLINE', endpoint, 'request deadline reached before the call');
  }

  private rejected(reason: 'budget' | 'breaker' | 'deadline'): void {
    notify(this.options.observer, 'onRejected', { reason });
  }

  /** A breaker that cannot count must not turn the 429 into another failure. */
  private async count429(keyHash: string): Promise<void> {
    try {
      await this.breaker.record429(keyHash);
    } catch (error) {
      this.logger.warn(`OTX breaker could not count a 429: ${(error as Error)?.message ?? error}`);
    }
  }
}
