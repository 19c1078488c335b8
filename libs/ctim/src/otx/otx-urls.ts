import { otxPathSegment, strictPercentEncode } from '../encoding';
import { OTX_OBSERVABLE_META, isOtxObservableType } from './otx-observable-types';

/** The OTX UI base URL without trailing slashes, so paths can be appended. */
export function trimBaseUrl(otxUiBaseUrl: string): string {
  let end = otxUiBaseUrl.length;
  while (end > 0 && otxUiBaseUrl[end - 1] === '/') end--;
  return otxUiBaseUrl.slice(0, end);
}

/**
 * The OTX UI page of a pulse: `<base>/pulse/<pulse id>` (relay contract §7.1).
 * The id is percent-encoded so that any id gives a valid URI; OTX ids are hex
 * and come out unchanged.
 */
export function pulseUri(otxUiBaseUrl: string, pulseId: string): string {
  return `${trimBaseUrl(otxUiBaseUrl)}/pulse/${strictPercentEncode(pulseId)}`;
}

/**
 * The OTX UI page of an indicator: `<base>/indicator/<category>/<value encoded as one path
 * segment, keeping @ and :>` (relay contract §8), or `null` when `type` has no OTX page (not
 * in {@link OTX_OBSERVABLE_META}).
 * @example indicatorPageUri('https://otx.alienvault.com', 'sha1', 'abc')
 * // 'https://otx.alienvault.com/indicator/file/abc'
 */
export function indicatorPageUri(otxUiBaseUrl: string, type: string, value: string): string | null {
  if (!isOtxObservableType(type)) return null;
  const { category } = OTX_OBSERVABLE_META[type];
  return `${trimBaseUrl(otxUiBaseUrl)}/indicator/${category}/${otxPathSegment(value)}`;
}
