import type { Indicator, ValidTime } from '../ctim.types';
import { OTX_SOURCE, SCHEMA_VERSION, indicatorIdForPulse } from '../ids';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';
import { otxTimeToCtim } from './otx-time';
import { pulseUri } from './otx-urls';
import { pulseDescription, pulseProducer, pulseTags, pulseTitle, pulseTlp } from './pulse-fields';

function validTime(match: OtxIndicatorInput): ValidTime {
  const start_time = otxTimeToCtim(match.created);
  const { expiration } = match;
  return typeof expiration === 'string' && expiration !== ''
    ? { start_time, end_time: otxTimeToCtim(expiration) }
    : { start_time };
}

/**
 * Maps one OTX match to a CTIM Indicator standing for the pulse (relay
 * contract §7.2). Its id depends only on the pulse id, so it is stable across
 * responses. `valid_time.end_time` is present only when the record has a
 * non-empty `expiration`.
 * @param args.otxUiBaseUrl e.g. `https://otx.alienvault.com` (trailing `/` ignored)
 */
export function indicatorFromOtxMatch(args: {
  pulse: OtxPulseInput;
  match: OtxIndicatorInput;
  otxUiBaseUrl: string;
}): Indicator {
  const { pulse, match } = args;
  return {
    type: 'indicator',
    id: indicatorIdForPulse(pulse.id),
    schema_version: SCHEMA_VERSION,
    confidence: 'High',
    source: OTX_SOURCE,
    producer: pulseProducer(pulse),
    valid_time: validTime(match),
    external_ids: [pulse.id],
    short_description: pulseDescription(pulse),
    source_uri: pulseUri(args.otxUiBaseUrl, pulse.id),
    tags: pulseTags(pulse),
    title: pulseTitle(pulse),
    ...pulseTlp(pulse),
  };
}
