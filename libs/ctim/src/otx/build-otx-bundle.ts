import { toBundle, type BundleDocs } from '../bundle';
import type { CtimBundle } from '../ctim.types';
import { transientId } from '../ids';
import { memberOfRelationship } from '../relationship';
import { indicatorFromOtxMatch } from './from-otx-match-to-indicator';
import { sightingFromOtxMatch } from './from-otx-match-to-sighting';
import type { OtxMatchItem } from './otx-input.types';

/**
 * Builds the observe bundle for OTX matches (relay contract §6.4 step 7, §7.4):
 * for each item, in order, one Sighting, one Indicator and one Relationship
 * from the Sighting to the Indicator, so the three `docs` lists are aligned.
 * No items give `{}`.
 * @param opts.newUuid called twice per item: first for the Sighting id, then
 *   for the Relationship id (pass `randomUUID` in production)
 * @param opts.otxUiBaseUrl e.g. `https://otx.alienvault.com`
 */
export function buildOtxBundle(
  items: OtxMatchItem[],
  opts: { newUuid: () => string; otxUiBaseUrl: string },
): CtimBundle {
  const docs: BundleDocs = { sightings: [], indicators: [], relationships: [] };
  const { otxUiBaseUrl } = opts;
  for (const { observable, pulse, match } of items) {
    const id = transientId('sighting', opts.newUuid());
    const sighting = sightingFromOtxMatch({ observable, pulse, match, id, otxUiBaseUrl });
    const indicator = indicatorFromOtxMatch({ pulse, match, otxUiBaseUrl });
    const relationship = memberOfRelationship({
      id: transientId('relationship', opts.newUuid()),
      sourceRef: sighting.id,
      targetRef: indicator.id,
    });
    docs.sightings.push(sighting);
    docs.indicators.push(indicator);
    docs.relationships.push(relationship);
  }
  return toBundle(docs);
}
