import { Inject, Injectable } from '@nestjs/common';
import { BenchCorpus } from '../bench/bench-corpus';
import { findPulse } from '../fixtures/corpus';
import { SimOutcomeException } from '../http/sim-outcome';
import { OTX_SIM_OPTIONS } from '../otx-sim.constants';
import type { OtxSimOptions } from '../otx-sim.options';
import { PageCache } from './page-cache';
import { listingOfPulse, type PulseListing } from './pulse-listing';
import { pageCacheKey, pageSlice, renderPage, type PageRequest } from './pulse-page';

export type { PageRequest } from './pulse-page';

/** Answers `/api/v1/pulses/{id}/indicators` with DRF page-number paging (docs/otx-api.md §3.4). */
@Injectable()
export class PulsesService {
  constructor(
    @Inject(OTX_SIM_OPTIONS) private readonly options: OtxSimOptions,
    private readonly bench: BenchCorpus,
    private readonly cache: PageCache,
  ) {}

  /**
   * The bytes of one page of a pulse's indicators, from the page cache when it holds them.
   * @throws SimOutcomeException 404 for an unknown pulse or a page past the end, or the pulse's
   *   page fault.
   */
  indicatorsPage(id: string, request: PageRequest): Buffer {
    const listing = this.listing(id, request.query);
    const slice = pageSlice(listing.count, request.query, this.options.maxPageSize);
    return this.cache.get(pageCacheKey(request), () =>
      renderPage(listing, request, slice, this.options.pageKeyOrder),
    );
  }

  private listing(id: string, query: URLSearchParams): PulseListing {
    const pulse = findPulse(id);
    if (pulse?.pageFault) throw new SimOutcomeException(pulse.pageFault);
    const listing = pulse ? listingOfPulse(pulse, query) : this.bench.listing(id, query);
    if (!listing) throw SimOutcomeException.detail(404, 'Not found.');
    return listing;
  }
}
