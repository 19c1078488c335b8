import { toBundle, type BundleDocs } from '../bundle';
import type { CtimBundle, Indicator, Relationship, Sighting } from '../ctim.types';
import { transientId } from '../ids';
import { isRecord } from '../is-record';
import { toCtimObservable } from '../observable-types';
import { memberOfRelationship } from '../relationship';
import { indicatorFromOtxMatch } from './from-otx-match-to-indicator';
import { sightingFromOtxMatch } from './from-otx-match-to-sighting';
import type { OtxMatchItem } from './otx-input.types';

interface BundleOptions {
  newUuid: () => string;
  otxUiBaseUrl: string;
  pulseContext?: boolean;
}

/** The three entities of one item, or null when the mappers cannot build them. */
function entitiesOf(
  item: unknown,
  opts: BundleOptions,
): { sighting: Sighting; indicator: Indicator; relationship: Relationship } | null {
  if (!isRecord(item)) return null;
  const { observable, pulse, match } = item as unknown as OtxMatchItem;
  const { otxUiBaseUrl, pulseContext } = opts;
  const indicator = indicatorFromOtxMatch({ pulse, match, otxUiBaseUrl, pulseContext });
  // The Sighting needs what the Indicator needs, plus a CTIM observable:
  // checking both first means no uuid is drawn for an item that is skipped.
  if (!indicator || !toCtimObservable(observable)) return null;
  const id = transientId('sighting', opts.newUuid());
  const sighting = sightingFromOtxMatch({
    observable,
    pulse,
    match,
    id,
    otxUiBaseUrl,
    pulseContext,
  });
  if (!sighting) return null;
  const relationship = memberOfRelationship({
    id: transientId('relationship', opts.newUuid()),
    sourceRef: sighting.id,
    targetRef: indicator.id,
  });
  return { sighting, indicator, relationship };
}

/**
 * Builds the observe bundle for OTX matches (relay contract §6.4 step 7, §7.4):
 * for each item, in order, one Sighting, one Indicator and one Relationship
 * from the Sighting to the Indicator, so the three `docs` lists are aligned.
 * An item the mappers return `null` for (see `sightingFromOtxMatch` and
 * `indicatorFromOtxMatch`: unusable pulse id, unreadable `created`, non-CTIM
 * observable) is skipped whole, so the lists stay aligned. No usable items
 * give `{}`. Never throws; every entity passes `validateCtimEntity`.
 * @param opts.newUuid called twice per item that is kept, and never for a
 *   skipped one: first for the Sighting id, then for the Relationship id
 *   (pass `randomUUID` in production)
 * @param opts.otxUiBaseUrl e.g. `https://otx.alienvault.com`
 * @param opts.pulseContext default `false`; `true` adds each pulse's context (issue 12
 *   item 5): Indicator `external_references` and prefixed tags, Sighting `data` tables
 */
export function buildOtxBundle(items: OtxMatchItem[], opts: BundleOptions): CtimBundle {
  const docs: BundleDocs = { sightings: [], indicators: [], relationships: [] };
  for (const item of Array.isArray(items) ? items : []) {
    const entities = entitiesOf(item, opts);
    if (!entities) continue;
    docs.sightings.push(entities.sighting);
    docs.indicators.push(entities.indicator);
    docs.relationships.push(entities.relationship);
  }
  return toBundle(docs);
}
