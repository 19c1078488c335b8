import fc from 'fast-check';
import type { CtimBundle } from '../ctim.types';
import {
  validateCtimBundle,
  validateCtimEntity,
  validateReference,
} from '../schemas/validate-ctim';
import { buildOtxBundle } from './build-otx-bundle';
import {
  anyItem,
  anyMatch,
  anyObservable,
  anyPulse,
  anyText,
  usableItem,
  wrongType,
} from './fixtures/otx-arbitraries';
import { OTX_UI } from './fixtures/best-pulse';
import { indicatorFromOtxMatch } from './from-otx-match-to-indicator';
import { sightingFromOtxMatch } from './from-otx-match-to-sighting';
import { referenceFromObservable } from './from-otx-observable-to-reference';
import type { OtxIndicatorInput, OtxPulseInput } from './otx-input.types';
import { isOtxObservableType } from './otx-observable-types';

// Property tests: whatever OTX sends, the mappers never throw and emit only
// entities that pass the CTIM schemas (contract §9, §11 item 16; issue 5).

function counter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
}

/** The errors of the bundle as built and as Threat Response receives it (JSON). */
function bundleErrors(bundle: CtimBundle): string[] {
  const wire: unknown = JSON.parse(JSON.stringify(bundle));
  return [...validateCtimBundle(bundle).errors, ...validateCtimBundle(wire).errors];
}

describe('OTX → CTIM mapping, for any input', () => {
  it('buildOtxBundle never throws and emits a valid, aligned bundle', () => {
    fc.assert(
      fc.property(fc.array(anyItem, { maxLength: 6 }), (items) => {
        const bundle = buildOtxBundle(items, { newUuid: counter(), otxUiBaseUrl: OTX_UI });
        expect(bundleErrors(bundle)).toStrictEqual([]);
        const counts = [bundle.sightings, bundle.indicators, bundle.relationships].map(
          (c) => c?.count ?? 0,
        );
        expect(new Set(counts).size).toBe(1);
      }),
    );
  });

  it('buildOtxBundle keeps every usable item: one entity of each kind per item', () => {
    fc.assert(
      fc.property(fc.array(usableItem, { minLength: 1, maxLength: 4 }), (items) => {
        const bundle = buildOtxBundle(items, { newUuid: counter(), otxUiBaseUrl: OTX_UI });
        expect(bundle.sightings?.count).toBe(items.length);
        expect(bundle.indicators?.count).toBe(items.length);
        expect(bundle.relationships?.count).toBe(items.length);
        expect(bundleErrors(bundle)).toStrictEqual([]);
      }),
    );
  });

  it('sightingFromOtxMatch gives null or a valid Sighting', () => {
    fc.assert(
      fc.property(anyObservable, anyPulse, anyMatch, (observable, pulse, match) => {
        const sighting = sightingFromOtxMatch({
          observable: observable as never,
          pulse: pulse as OtxPulseInput,
          match: match as OtxIndicatorInput,
          id: 'transient:sighting-1',
          otxUiBaseUrl: OTX_UI,
        });
        if (sighting !== null) expect(validateCtimEntity(sighting).errors).toStrictEqual([]);
      }),
    );
  });

  it('indicatorFromOtxMatch gives null or a valid Indicator', () => {
    fc.assert(
      fc.property(fc.oneof(anyPulse, wrongType), anyMatch, (pulse, match) => {
        const indicator = indicatorFromOtxMatch({
          pulse: pulse as OtxPulseInput,
          match: match as OtxIndicatorInput,
          otxUiBaseUrl: OTX_UI,
        });
        if (indicator !== null) expect(validateCtimEntity(indicator).errors).toStrictEqual([]);
      }),
    );
  });

  it('referenceFromObservable gives a valid reference exactly for supported string values', () => {
    fc.assert(
      fc.property(fc.oneof(anyObservable, wrongType), (observable) => {
        const reference = referenceFromObservable(observable as never, OTX_UI);
        const { type, value } = (observable ?? {}) as { type?: unknown; value?: unknown };
        const supported =
          typeof type === 'string' && isOtxObservableType(type) && typeof value === 'string';
        expect(reference !== null).toBe(supported);
        if (reference !== null) expect(validateReference(reference).errors).toStrictEqual([]);
      }),
    );
  });

  it('referenceFromObservable ids and URLs decode back to the value', () => {
    fc.assert(
      fc.property(fc.constantFrom('ip', 'url', 'email'), fc.string({ unit: 'binary' }), (t, v) => {
        const reference = referenceFromObservable({ type: t, value: v }, OTX_UI);
        const prefix = `ref-avotx-search-${t}-`;
        expect(decodeURIComponent(reference?.id.slice(prefix.length) ?? '')).toBe(v);
        expect(decodeURIComponent(reference?.url.split('/').pop() ?? '')).toBe(v);
      }),
    );
  });

  it('every text, however long, fits its CTIM limit', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const pulse = {
          id: 'p1',
          name: text,
          description: text,
          tags: [text],
          author: { username: text },
        };
        const match = { indicator: 'x', created: '2021-01-01T00:00:00' };
        const indicator = indicatorFromOtxMatch({ pulse, match, otxUiBaseUrl: OTX_UI });
        expect(validateCtimEntity(indicator).errors).toStrictEqual([]);
      }),
    );
  });
});
