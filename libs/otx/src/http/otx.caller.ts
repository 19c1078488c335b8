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
import { otxLogMessage } from '../otx-log';

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
  /** The id of the request the session serves: its calls' log lines carry it (contract §13.1). */
  requestId?: string;
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
      const retry = { endpoint, reason: retryReason(error) };
      notify(this.options.observer, 'onRetry', retry, ctx.requestId);
      return wait;
    }
    if (error.code === 'HTTP_STATUS' && error.status === 429) await this.count429(ctx);
    throw error;
  }

  private async attempt<T>(
    request: OtxRequest,
    send: OtxSend<T>,
    ctx: OtxCallContext,
  ): Promise<T | null> {
    const { endpoint } = request;
    await this.refuseWhileOpen(endpoint, ctx);
    return ctx.limit.run(async () => {
      this.refuseAtDeadline(endpoint, ctx);
      await this.budget.take(ctx.keyHash, ctx.deadlineAt, endpoint, ctx.requestId).catch((e) => {
        if (e instanceof OtxException && e.code === 'BUDGET') this.rejected('budget', ctx);
        throw e;
      });
      this.refuseAtDeadline(endpoint, ctx);
      ctx.onSent();
      const sent = ctx.deadlineSignal.run(send);
      return sent.catch((error) => {
        if (error instanceof OtxException && error.code === 'DEADLINE') {
          this.rejected('deadline', ctx);
        }
        throw error;
      });
    }, request.priority);
  }

  private async refuseWhileOpen(endpoint: OtxEndpoint, ctx: OtxCallContext): Promise<void> {
    const openForS = await this.breaker.openForS(ctx.keyHash);
    if (openForS === 0) return;
    this.rejected('breaker', ctx);
    const detail = `OTX is rate-limiting this API key; not calling it for ${openForS} s`;
    throw new OtxException('RATE_LIMITED', endpoint, detail, undefined, openForS);
  }

  private refuseAtDeadline(endpoint: OtxEndpoint, ctx: OtxCallContext): void {
    if (this.clock.now() < ctx.deadlineAt) return;
    this.rejected('deadline', ctx);
    throw new OtxException('DEADLINE', endpoint, 'request deadline reached before the call');
  }

  private rejected(reason: 'budget' | 'breaker' | 'deadline', ctx: OtxCallContext): void {
    notify(this.options.observer, 'onRejected', { reason }, ctx.requestId);
  }

  /** A breaker that cannot count must not turn the 429 into another failure. */
  private async count429(ctx: OtxCallContext): Promise<void> {
    try {
      await this.breaker.record429(ctx.keyHash, ctx.requestId);
    } catch (error) {
      const reason = (error as Error)?.message ?? error;
      this.logger.warn(
        otxLogMessage(`OTX breaker could not count a 429: ${reason}`, ctx.requestId),
      );
    }
  }
}
