import type { SimPulse, SimPulseIndicator } from '../fixtures/sim-corpus.types';
import { detailSlugOfType } from './otx-vocabulary';

/** A pulse's records as one `/pulses/{id}/indicators` query lists them: filtered and ordered. */
export interface PulseListing {
  /** Records the query's filter keeps (DRF's `count`). */
  readonly count: number;
  /** The JSON text of the record at `position` (0-based) in the query's order. */
  recordJson(position: number): string;
}

/** How a query orders records, from its `sort` (docs/otx-api.md §3.4: other sort keys are unknown). */
export type ListingOrder = 'newest-first' | 'oldest-first' | 'id';

/** The order `sort` asks for; an unknown key lists in id order. */
export function listingOrder(query: URLSearchParams): ListingOrder {
  const sort = query.get('sort');
  if (sort === '-created') return 'newest-first';
  if (sort === 'created') return 'oldest-first';
  return 'id';
}

/** Whether the query asks for expired (inactive) records too. */
export function includesInactive(query: URLSearchParams): boolean {
  return ['1', 'true', 'True'].includes(query.get('include_inactive') ?? '');
}

/** The listing of a pulse that holds its records as objects (the fixtures, the light bench). */
export function listingOfPulse(pulse: SimPulse, query: URLSearchParams): PulseListing {
  const inactive = includesInactive(query);
  const items = pulse.indicators.filter((i) => inactive || i.isActive);
  const order = listingOrder(query);
  if (order === 'newest-first') {
    items.sort((a, b) => b.created.localeCompare(a.created) || b.id - a.id);
  } else if (order === 'oldest-first') {
    items.sort((a, b) => a.created.localeCompare(b.created) || a.id - b.id);
  }
  return {
    count: items.length,
    recordJson: (position) => JSON.stringify(pulseRecord(pulse.id, items[position])),
  };
}

/** One record of a pulse-indicator page (docs/otx-api.md §4.3), in OTX's key order. */
export function pulseRecord(pulseKey: string, i: SimPulseIndicator): Record<string, unknown> {
  return {
    id: i.id,
    indicator: i.indicator,
    type: i.type,
    created: i.created,
    content: '',
    title: '',
    description: i.description,
    expiration: i.expiration,
    is_active: i.isActive ? 1 : 0,
    pulse_key: pulseKey,
    false_positive: { assessment: null, assessment_date: null, report_date: null },
    slug: detailSlugOfType(i.type),
  };
}
