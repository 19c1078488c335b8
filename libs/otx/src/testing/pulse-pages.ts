import { OtxQueryableType } from '../otx.constants';
import { OtxPulseIndicator, OtxSession } from '../otx.types';
import { canonicalIndicator } from '../lookup/otx-canonical.util';
import { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './fake-otx.server';

/** A pulse-indicator record. */
export const pulseRow = (indicator: string, created = '2024-01-18T22:05:49') => ({
  id: 1,
  indicator,
  type: 'IPv4',
  created,
  expiration: null,
  pulse_key: 'p1',
});

/** Serves `pages` (1-based) of any pulse; `statusOf[page]` answers that status instead. */
export function pulsePages(pages: unknown[][], statusOf: Record<number, number> = {}) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
    if (statusOf[page]) return sendJson(res, statusOf[page], { detail: 'Invalid page.' });
    if (page < 1 || page > pages.length) return sendJson(res, 404, { detail: 'Invalid page.' });
    const next =
      page < pages.length
        ? `https://elsewhere.invalid/api/v1/pulses/p1/indicators?page=${page + 1}`
        : null;
    sendJson(res, 200, { results: pages[page - 1], count: 99, previous: null, next });
  };
}

/** The `page` parameter of each recorded request. */
export function pagesAsked(requests: { url: string }[]): (string | null)[] {
  return requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page'));
}

/**
 * One value's membership in one pulse through `findInPulseMany` (compared as an `ip` unless
 * `type` says otherwise: IPv4 values compare exactly).
 */
export async function findOne(
  session: OtxSession,
  pulseId: string,
  value: string,
  type: OtxQueryableType = 'ip',
): Promise<{ match: OtxPulseIndicator | null; pagesWalked: number; complete: boolean }> {
  const result = await session.findInPulseMany(pulseId, [{ type, value }]);
  const match = result.matches.get(canonicalIndicator(type, value)) ?? null;
  return { match, pagesWalked: result.pagesWalked, complete: result.complete };
}
