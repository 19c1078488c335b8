import type { AuthPrincipal } from '@app/auth';
import type { CtimBundle, Judgement, Observable, Reference, Sighting, Verdict } from '@app/ctim';
import { verdictFromJudgement } from '@app/ctim';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IntelProvider, IntelResult } from '../../apps/relay/src/intel/intel-provider';
import type { RelayError } from '../../apps/relay/src/errors/relay-error';
import { BLOCKLIST_OPTIONS, BlocklistEntry, BlocklistOptions } from './blocklist.module';

const DAY_MS = 86_400_000;

/**
 * The example intel provider of docs/extending.md: a team's own blocklist, asked beside
 * AlienVault OTX. Every listed observable gets a Sighting, and a Malicious Judgement and Verdict
 * whose priority (95, a curated source) wins over OTX's automated 90 when both judge it.
 */
@Injectable()
export class BlocklistIntelProvider implements IntelProvider {
  readonly name = 'Example blocklist';

  constructor(@Inject(BLOCKLIST_OPTIONS) private readonly options: BlocklistOptions) {}

  observe(observables: Observable[], _principal: AuthPrincipal): Promise<IntelResult> {
    const now = Date.now();
    const sightings: Sighting[] = [];
    const judgements: Judgement[] = [];
    const verdicts: Verdict[] = [];
    for (const [observable, entry] of this.listed(observables)) {
      sightings.push(this.sighting(observable, entry, now));
      const judgement = this.judgement(observable, entry, now);
      judgements.push(judgement);
      verdicts.push(verdictFromJudgement(judgement));
    }
    return Promise.resolve({
      bundle: bundleOf({ sightings, judgements, verdicts }),
      errors: [],
    });
  }

  deliberate(observables: Observable[], _principal: AuthPrincipal): Promise<IntelResult> {
    const now = Date.now();
    const verdicts = this.listed(observables).map(([o, e]) =>
      verdictFromJudgement(this.judgement(o, e, now)),
    );
    return Promise.resolve({ bundle: bundleOf({ verdicts }), errors: [] });
  }

  refer(observables: Observable[]): Reference[] {
    return this.listed(observables).map(([{ type, value }]) => ({
      id: `ref-example-blocklist-${type}-${encodeURIComponent(value)}`,
      title: `Look this ${type} up in ${this.options.source}`,
      description: `The entry of this ${type} in ${this.options.source}`,
      url: this.uiUrl(value),
      categories: [this.options.source],
    }));
  }

  health(_principal: AuthPrincipal): Promise<RelayError | null> {
    // A real source would be asked here; its failure is answered in the envelope.
    return Promise.resolve(null);
  }

  private listed(observables: Observable[]): [Observable, BlocklistEntry][] {
    return observables.flatMap((o) => {
      const entry = this.options.entries.find((e) => e.type === o.type && e.value === o.value);
      return entry
        ? [[{ type: o.type, value: o.value }, entry] as [Observable, BlocklistEntry]]
        : [];
    });
  }

  private uiUrl(value: string): string {
    return this.options.uiUrlTemplate.replace('{value}', encodeURIComponent(value));
  }

  private sighting(observable: Observable, entry: BlocklistEntry, now: number): Sighting {
    const at = new Date(now).toISOString();
    return {
      type: 'sighting',
      id: `transient:sighting-${randomUUID()}`,
      schema_version: '1.0.17',
      confidence: 'High',
      count: 1,
      internal: true,
      source: this.options.source,
      observed_time: { start_time: at, end_time: at },
      description: entry.reason,
      external_ids: [],
      observables: [observable],
      source_uri: this.uiUrl(observable.value),
      title: `Listed in ${this.options.source}`,
    };
  }

  private judgement(observable: Observable, entry: BlocklistEntry, now: number): Judgement {
    return {
      type: 'judgement',
      id: `transient:judgement-${randomUUID()}`,
      schema_version: '1.0.17',
      source: this.options.source,
      source_uri: this.uiUrl(observable.value),
      observable,
      disposition: 2,
      disposition_name: 'Malicious',
      priority: 95,
      confidence: 'High',
      severity: 'High',
      valid_time: {
        start_time: new Date(now).toISOString(),
        end_time: new Date(now + DAY_MS).toISOString(),
      },
      reason: entry.reason.slice(0, 1024),
    };
  }
}

/** A bundle with only the collections that have entities (contract §7.4). */
function bundleOf(docs: {
  sightings?: Sighting[];
  judgements?: Judgement[];
  verdicts?: Verdict[];
}): CtimBundle {
  const bundle: CtimBundle = {};
  for (const [key, list] of Object.entries(docs) as [keyof typeof docs, unknown[]][]) {
    if (list && list.length > 0)
      Object.assign(bundle, { [key]: { count: list.length, docs: list } });
  }
  return bundle;
}
