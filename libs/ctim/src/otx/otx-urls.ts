import { strictPercentEncode } from '../encoding';

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
