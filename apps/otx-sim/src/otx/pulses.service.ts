import { Inject, Injectable } from '@nestjs/common';
import { BenchCorpus } from '../bench/bench-corpus';
import { findPulse } from '../fixtures/corpus';
import type { SimPulse, SimPulseIndicator } from '../fixtures/sim-corpus.types';
import { SimOutcomeException } from '../http/sim-outcome';
import { OTX_SIM_OPTIONS } from '../otx-sim.constants';
import type { OtxSimOptions } from '../otx-sim.options';
import { detailSlugOfType } from './otx-vocabulary';

/** Where a page was asked for: the absolute URL without query, and the query as sent. */
export interface PageRequest {
  baseUrl: string;
  query: URLSearchParams;
}

const DEFAULT_PAGE_SIZE = 10;
const INVALID_PAGE = 'Invalid page.';

/** Answers `/api/v1/pulses/{id}/indicators` with DRF page-number paging (otx-api §3.4). */
@Injectable()
export class PulsesService {
  constructor(
    @Inject(OTX_SIM_OPTIONS) private readonly options: OtxSimOptions,
    private readonly bench: BenchCorpus,
  ) {}

  /**
   * One page of a pulse's indicators.
   * @throws SimOutcomeException 404 for an unknown pulse or a page past the end, or the pulse's
   *   page fault.
   */
  indicatorsPage(id: string, request: PageRequest): Record<string, unknown> {
    const pulse = findPulse(id) ?? this.bench.findPulse(id);
    if (!pulse) throw SimOutcomeException.detail(404, 'Not found.');
    if (pulse.pageFault) throw new SimOutcomeException(pulse.pageFault);
    const items = this.listed(pulse, request.query);
    const size = Math.min(
      positiveInt(request.query.get('limit')) ?? DEFAULT_PAGE_SIZE,
      this.options.maxPageSize,
    );
    const pages = Math.max(1, Math.ceil(items.length / size));
    const rawPage = request.query.get('page');
    const page = rawPage === 'last' ? pages : rawPage === null ? 1 : positiveInt(rawPage);
    if (page === undefined || page > pages) throw SimOutcomeException.detail(404, INVALID_PAGE);
    return {
      results: items.slice((page - 1) * size, page * size).map((i) => toRecord(pulse, i)),
      count: items.length,
      // DRF drops `page` from the link to page 1 instead of writing page=1.
      previous: page > 1 ? linkTo(request, page - 1 === 1 ? undefined : page - 1) : null,
      next: page < pages ? linkTo(request, page + 1) : null,
    };
  }

  private listed(pulse: SimPulse, query: URLSearchParams): SimPulseIndicator[] {
    const includeInactive = ['1', 'true', 'True'].includes(query.get('include_inactive') ?? '');
    const items = pulse.indicators.filter((i) => includeInactive || i.isActive);
    const sort = query.get('sort');
    if (sort === '-created')
      return items.sort((a, b) => b.created.localeCompare(a.created) || b.id - a.id);
    if (sort === 'created')
      return items.sort((a, b) => a.created.localeCompare(b.created) || a.id - b.id);
    return items; // other sort keys are unknown: id order
  }
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

// Like DRF's replace_query_param: other params kept, keys sorted.
function linkTo({ baseUrl, query }: PageRequest, page: number | undefined): string {
  const params = new URLSearchParams(query);
  params.delete('page');
  if (page !== undefined) params.set('page', String(page));
  params.sort();
  const text = params.toString();
  return text ? `${baseUrl}?${text}` : baseUrl;
}

function toRecord(pulse: SimPulse, i: SimPulseIndicator): Record<string, unknown> {
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
    pulse_key: pulse.id,
    false_positive: { assessment: null, assessment_date: null, report_date: null },
    slug: detailSlugOfType(i.type),
  };
}
