import { CTIM_LIMITS } from '../ctim-limits';
import type { Observable, Sighting } from '../ctim.types';
import { OTX_SOURCE, SCHEMA_VERSION } from '../ids';
import { isRecord } from '../is-record';
import { toCtimObservable } from '../observable-types';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';
import { otxTimeSpan } from './otx-time';
import { pulseSightingData } from './pulse-context';
import { pulseDescription, pulseIdentity, pulseTitle, pulseTlp } from './pulse-fields';

/**
 * Maps one OTX match to a CTIM Sighting (relay contract §7.1, §11 item 16):
 * the observable was seen in the pulse when the pulse's record of it was
 * created. Texts are cut to CTIM's limits and the TLP normalised.
 *
 * Returns `null`, and the match contributes nothing, when the Sighting could
 * not be valid CTIM: the observable's `type` is not a CTIM type or its `value`
 * not a string, the pulse has no usable id (see `pulseIdentity`), or the
 * record's `created` is not a time `otxTimeToCtim` can read (a Sighting
 * requires `observed_time.start_time`). Never throws.
 *
 * With `pulseContext` (issue 12 item 5) the Sighting carries a `data` table of the pulse's
 * author, TLP, created and modified times and subscriber count (`pulseSightingData`; the key
 * is left out when the pulse has none of them).
 * @param args.id the full Sighting id, e.g. `transient:sighting-<uuid>`
 * @param args.otxUiBaseUrl e.g. `https://otx.alienvault.com` (trailing `/` ignored)
 * @param args.pulseContext default `false`: the contract §7.1 Sighting only
 */
export function sightingFromOtxMatch(args: {
  observable: Observable;
  pulse: OtxPulseInput;
  match: OtxIndicatorInput;
  id: string;
  otxUiBaseUrl: string;
  pulseContext?: boolean;
}): Sighting | null {
  const { pulse, match } = args;
  const observable = toCtimObservable(args.observable);
  const identity = pulseIdentity(pulse, args.otxUiBaseUrl);
  const created: unknown = isRecord(match) ? match.created : undefined;
  const span = otxTimeSpan(created, created);
  if (!observable || !identity || !span) return null;
  const data = args.pulseContext ? pulseSightingData(pulse) : null;
  return {
    type: 'sighting',
    id: args.id,
    schema_version: SCHEMA_VERSION,
    confidence: 'High',
    count: 1,
    internal: false,
    source: OTX_SOURCE,
    observed_time: span,
    description: pulseDescription(pulse, CTIM_LIMITS.longString),
    external_ids: [identity.id],
    observables: [observable],
    source_uri: identity.uri,
    title: pulseTitle(pulse),
    ...pulseTlp(pulse),
    ...(data ? { data } : {}),
  };
}
