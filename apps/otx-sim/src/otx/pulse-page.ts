import { SimOutcomeException } from '../http/sim-outcome';
import type { PulseListing } from './pulse-listing';

/** Where a page was asked for: the absolute URL without query, and the query as sent. */
export interface PageRequest {
  baseUrl: string;
  query: URLSearchParams;
}

/**
 * Order of a page's keys. `drf`: `count, next, previous, results`, as Django REST Framework's
 * page-number pagination writes them. `results-first`: `results, count, previous, next`, as in
 * the recorded OTX answer of docs/otx-api.md §3.4. A client must accept either.
 */
export type PageKeyOrder = 'drf' | 'results-first';

/** Every `PageKeyOrder`. */
export const PAGE_KEY_ORDERS: readonly PageKeyOrder[] = ['drf', 'results-first'];

const DEFAULT_PAGE_SIZE = 10;

/** Page number and size a query asks for, within `maxPageSize`, like DRF. */
export interface PageSlice {
  page: number;
  size: number;
  pages: number;
}

/**
 * Which page of `count` records a query asks for: `limit` (default 10) capped by
 * `maxPageSize`, `page` from 1 or `last`.
 * @throws SimOutcomeException 404 `Invalid page.` for a page past the end or not a number.
 */
export function pageSlice(count: number, query: URLSearchParams, maxPageSize: number): PageSlice {
  const size = Math.min(positiveInt(query.get('limit')) ?? DEFAULT_PAGE_SIZE, maxPageSize);
  const pages = Math.max(1, Math.ceil(count / size));
  const raw = query.get('page');
  const page = raw === 'last' ? pages : raw === null ? 1 : positiveInt(raw);
  if (page === undefined || page > pages) throw SimOutcomeException.detail(404, 'Invalid page.');
  return { page, size, pages };
}

/**
 * The bytes of one DRF page (docs/otx-api.md §3.4): `count`, absolute `next` and `previous` links, and
 * the records of `slice`, as compact JSON (DRF's renderer) in `order`.
 */
export function renderPage(
  listing: PulseListing,
  request: PageRequest,
  slice: PageSlice,
  order: PageKeyOrder,
): Buffer {
  const { page, size, pages } = slice;
  // DRF drops `page` from the link to page 1 instead of writing page=1.
  const previous = page > 1 ? linkTo(request, page - 1 === 1 ? undefined : page - 1) : null;
  const next = page < pages ? linkTo(request, page + 1) : null;
  const records: string[] = [];
  const end = Math.min(listing.count, page * size);
  for (let p = (page - 1) * size; p < end; p++) records.push(listing.recordJson(p));
  const results = `"results":[${records.join(',')}]`;
  const count = `"count":${listing.count}`;
  const links = [`"next":${JSON.stringify(next)}`, `"previous":${JSON.stringify(previous)}`];
  const text =
    order === 'drf'
      ? `{${count},${links[0]},${links[1]},${results}}`
      : `{${results},${count},${links[1]},${links[0]}}`;
  return Buffer.from(text, 'utf8');
}

/** The page's identity in a cache: the URL with its query sorted (links depend on all of it). */
export function pageCacheKey({ baseUrl, query }: PageRequest): string {
  const params = new URLSearchParams(query);
  params.sort();
  return `${baseUrl}?${params.toString()}`;
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
