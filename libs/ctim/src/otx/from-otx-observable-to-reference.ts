import type { Observable, Reference } from '../ctim.types';
import { strictPercentEncode } from '../encoding';
import { isRecord } from '../is-record';
import { OTX_OBSERVABLE_META, isOtxObservableType } from './otx-observable-types';
import { indicatorPageUri } from './otx-urls';

/**
 * The refer link to the OTX UI page of an observable (relay contract §8), or
 * `null` when its type is not in {@link OTX_OBSERVABLE_META} or its value is
 * not a string. Never throws; a reference passes `validateReference`.
 * @param otxUiBaseUrl e.g. `https://otx.alienvault.com` (trailing `/` ignored)
 * @example referenceFromObservable({ type: 'ip', value: '1.2.3.4' }, 'https://otx.alienvault.com')
 * // { id: 'ref-avotx-search-ip-1.2.3.4', title: 'Search for this IP', ...,
 * //   url: 'https://otx.alienvault.com/indicator/ip/1.2.3.4' }
 */
export function referenceFromObservable(
  observable: Observable,
  otxUiBaseUrl: string,
): Reference | null {
  if (!isRecord(observable)) return null;
  const { type, value } = observable as { type: unknown; value: unknown };
  // typeof first: isOtxObservableType would turn ['ip'] into the key 'ip'.
  if (typeof type !== 'string' || typeof value !== 'string' || !isOtxObservableType(type)) {
    return null;
  }
  const { name } = OTX_OBSERVABLE_META[type];
  return {
    id: `ref-avotx-search-${type}-${strictPercentEncode(value)}`,
    title: `Search for this ${name}`,
    description: `Lookup this ${name} on AlienVault OTX`,
    url: indicatorPageUri(otxUiBaseUrl, type, value) as string,
    categories: ['Search', 'AlienVault OTX'],
  };
}
