import { Injectable } from '@nestjs/common';
import { replyOutcome, SimOutcomeException, type SimOutcome } from '../http/sim-outcome';

/** One fault rule of `PUT /_sim/faults`. */
export interface SimFaultRule {
  /** Regular expression tested against the raw request URL (path and query). */
  path: string;
  status?: number;
  body?: string;
  contentType?: string;
  /** Wait this long first; alone, the request then proceeds normally. */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Destroy the connection. */
  reset?: boolean;
  /** Applies to this many requests, then expires. */
  times?: number;
}

/** The whole fault configuration; `PUT` replaces it. */
export interface SimFaultConfig {
  /** Overrides the app's `latencyMs` while set. */
  latencyMs?: number;
  rules: SimFaultRule[];
}

interface ActiveRule {
  rule: SimFaultRule;
  pattern: RegExp;
  remaining: number | undefined;
}

/** Holds the injected faults and picks the rule for each request (first match wins). */
@Injectable()
export class FaultsService {
  private latencyMs: number | undefined;
  private rules: ActiveRule[] = [];

  /**
   * Replaces the configuration.
   * @throws SimOutcomeException 400 when a `path` is not a valid regular expression.
   */
  replace(config: SimFaultConfig): void {
    const rules = config.rules.map((rule, i) => {
      try {
        return { rule: { ...rule }, pattern: new RegExp(rule.path), remaining: rule.times };
      } catch {
        throw SimOutcomeException.detail(400, `rules[${i}].path is not a valid regular expression`);
      }
    });
    this.rules = rules;
    this.latencyMs = config.latencyMs;
  }

  /** The configuration in force; `times` shows what is left, expired rules are gone. */
  current(): SimFaultConfig {
    const rules = this.rules.map(({ rule, remaining }) =>
      remaining === undefined ? { ...rule } : { ...rule, times: remaining },
    );
    return this.latencyMs === undefined ? { rules } : { latencyMs: this.latencyMs, rules };
  }

  /** Removes every rule and the latency override. */
  clear(): void {
    this.replace({ rules: [] });
  }

  /** Latency override, if any. */
  latencyOverride(): number | undefined {
    return this.latencyMs;
  }

  /** The first rule matching `rawUrl`, counting one use of it. */
  take(rawUrl: string): SimFaultRule | undefined {
    const index = this.rules.findIndex((r) => r.pattern.test(rawUrl));
    if (index < 0) return undefined;
    const active = this.rules[index];
    if (active.remaining !== undefined) {
      active.remaining -= 1;
      if (active.remaining <= 0) this.rules.splice(index, 1);
    }
    return active.rule;
  }
}

/** What a rule does to the request, or undefined when it only delays it. */
export function outcomeOfRule(rule: SimFaultRule): SimOutcome | undefined {
  if (rule.reset) return { kind: 'reset' };
  if (rule.hang) return { kind: 'hang' };
  if (rule.status === undefined && rule.body === undefined) return undefined;
  return replyOutcome(rule.status ?? 200, rule.body, rule.contentType);
}
