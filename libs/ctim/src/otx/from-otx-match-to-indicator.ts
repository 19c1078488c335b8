import { CTIM_LIMITS } from '../ctim-limits';
import type { Indicator } from '../ctim.types';
import { OTX_SOURCE, SCHEMA_VERSION, indicatorIdForPulse } from '../ids';
import { isRecord } from '../is-record';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';
import { otxTimeSpan } from './otx-time';
import { pulseContextTags, pulseExternalReferences } from './pulse-context';
import {
  pulseDescription,
  pulseIdentity,
  pulseProducer,
  pulseTags,
  pulseTitle,
  pulseTlp,
} from './pulse-fields';

/**
 * Maps one OTX match to a CTIM Indicator standing for the pulse (relay
 * contract §7.2, §11 item 16). Its id depends only on the pulse id, so it is
 * stable across responses. Texts, tags and producer are cut to CTIM's limits
 * and the TLP normalised.
 *
 * `valid_time.end_time` is present only when the record's `expiration` is a
 * readable time not earlier than `created`; otherwise the Indicator is valid
 * without an upper bound. Returns `null`, and the match contributes nothing,
 * when the pulse has no usable id or `created` is not a time `otxTimeToCtim`
 * can read (the start of the validity is not guessed). Never throws.
 *
 * With `pulseContext` (issue 12 item 5) the pulse's context is added: its `references` and
 * ATT&CK techniques as `external_references` (`pulseExternalReferences`; the key is left
 * out when there are none), and its malware families, adversary, industries and targeted
 * countries as prefixed tags after its own (`pulseContextTags`).
 * @param args.otxUiBaseUrl e.g. `https://otx.alienvault.com` (trailing `/` ignored)
 * @param args.pulseContext default `false`: the contract §7.2 Indicator only
 */
export function indicatorFromOtxMatch(args: {
  pulse: OtxPulseInput;
  match: OtxIndicatorInput;
  otxUiBaseUrl: string;
  pulseContext?: boolean;
}): Indicator | null {
  const { pulse, match } = args;
  const identity = pulseIdentity(pulse, args.otxUiBaseUrl);
  const record: Record<string, unknown> = isRecord(match) ? match : {};
  const validTime = otxTimeSpan(record.created, record.expiration);
  if (!identity || !validTime) return null;
  const tags = pulseTags(pulse);
  const references = args.pulseContext ? pulseExternalReferences(pulse) : [];
  return {
    type: 'indicator',
    id: indicatorIdForPulse(identity.id),
    schema_version: SCHEMA_VERSION,
    confidence: 'High',
    source: OTX_SOURCE,
    producer: pulseProducer(pulse),
    valid_time: validTime,
    external_ids: [identity.id],
    short_description: pulseDescription(pulse, CTIM_LIMITS.medString),
    source_uri: identity.uri,
    tags: args.pulseContext ? [...tags, ...pulseContextTags(pulse, tags)] : tags,
    title: pulseTitle(pulse),
    ...pulseTlp(pulse),
    ...(references.length > 0 ? { external_references: references } : {}),
  };
}
