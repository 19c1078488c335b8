import { AuthPrincipal } from '@app/auth';
import { CtimBundle, mergeBundles, Observable, Reference, selectVerdicts } from '@app/ctim';
import { Inject, Injectable } from '@nestjs/common';
import { observeResponse, RelayResponse } from '../errors/relay-error';
import { INTEL_PROVIDERS, IntelProvider, IntelRequest, IntelResult } from '../intel/intel-provider';

/** Runs every registered intel provider and merges what they found. */
@Injectable()
export class ObserveService {
  constructor(@Inject(INTEL_PROVIDERS) private readonly providers: IntelProvider[]) {}

  observe(
    observables: Observable[],
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<RelayResponse<CtimBundle>> {
    return this.merged((p) => p.observe(observables, principal, request));
  }

  /** Verdicts only (contract §14), answered like observe (§3.2). */
  deliberate(
    observables: Observable[],
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<RelayResponse<CtimBundle>> {
    return this.merged((p) => p.deliberate(observables, principal, request));
  }

  refer(observables: Observable[]): RelayResponse<Reference[]> {
    // A loop, not flatMap: V8's flatMap cost about 2 µs an answer, a tenth of the route's work.
    if (this.providers.length === 1) return { data: this.providers[0].refer(observables) };
    const data: Reference[] = [];
    for (const provider of this.providers) {
      for (const reference of provider.refer(observables)) data.push(reference);
    }
    return { data };
  }

  async health(
    principal: AuthPrincipal,
    request?: IntelRequest,
  ): Promise<RelayResponse<{ status: 'ok' }>> {
    const problems = await Promise.all(this.providers.map((p) => p.health(principal, request)));
    const errors = problems.filter((e) => e !== null);
    return errors.length > 0 ? { errors } : { data: { status: 'ok' } };
  }

  /**
   * Every provider's entities in one bundle, beside all their errors; one Verdict per observable
   * when several providers judged it, chosen as CTIM chooses (contract §9.3).
   */
  private async merged(
    ask: (provider: IntelProvider) => Promise<IntelResult>,
  ): Promise<RelayResponse<CtimBundle>> {
    const results = await Promise.all(this.providers.map(ask));
    return observeResponse(
      selectVerdicts(mergeBundles(results.map((r) => r.bundle))),
      results.flatMap((r) => r.errors),
    );
  }
}
