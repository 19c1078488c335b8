import type { Observable, Sighting } from '../ctim.types';
import { OTX_SOURCE, SCHEMA_VERSION } from '../ids';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';
import { otxTimeToCtim } from './otx-time';
import { pulseUri } from './otx-urls';
import { pulseDescription, pulseTitle, pulseTlp } from './pulse-fields';

/**
 * Maps one OTX match to a CTIM Sighting (relay contract §7.1): the observable
 * was seen in the pulse when the pulse's record of it was created.
 * @param args.id the full Sighting id, e.g. `transient:sighting-<uuid>`
 * @param args.otxUiBaseUrl e.g. `https://otx.alienvault.com` (trailing `/` ignored)
 */
export function sightingFromOtxMatch(args: {
  observable: Observable;
  pulse: OtxPulseInput;
  match: OtxIndicatorInput;
  id: string;
  otxUiBaseUrl: string;
}): Sighting {
  const { observable, pulse, match } = args;
  const time = otxTimeToCtim(match.created);
  return {
    type: 'sighting',
    id: args.id,
    schema_version: SCHEMA_VERSION,
    confidence: 'High',
    count: 1,
    internal: false,
    source: OTX_SOURCE,
    observed_time: { start_time: time, end_time: time },
    description: pulseDescription(pulse),
    external_ids: [pulse.id],
    observables: [{ type: observable.type, value: observable.value }],
    source_uri: pulseUri(args.otxUiBaseUrl, pulse.id),
    title: pulseTitle(pulse),
    ...pulseTlp(pulse),
  };
}
