import { Inject, Injectable } from '@nestjs/common';
import { BenchCorpus } from '../bench/bench-corpus';
import { GENERAL_FAULTS, lookupIndicator } from '../fixtures/corpus';
import { SimOutcomeException } from '../http/sim-outcome';
import { OTX_SIM_OPTIONS } from '../otx-sim.constants';
import type { OtxSimOptions } from '../otx-sim.options';
import { buildGeneralBody } from './general-body';
import { checkIndicatorValue } from './indicator-value';
import { generalTypeOf, isOtxSlug, OTX_SECTIONS } from './otx-vocabulary';
import { sectionStub } from './section-stubs';

/** Answers `/api/v1/indicators/{slug}/{value}/{section}` from the corpus. */
@Injectable()
export class IndicatorsService {
  constructor(
    @Inject(OTX_SIM_OPTIONS) private readonly options: OtxSimOptions,
    private readonly bench: BenchCorpus,
  ) {}

  /**
   * The body for one indicator section.
   * @throws SimOutcomeException with 404 for an unknown slug or section, 400 for a malformed or
   *   private value, or the scenario fault tied to the value.
   */
  section(slug: string, value: string, section: string): Record<string, unknown> {
    if (!isOtxSlug(slug)) throw SimOutcomeException.detail(404, 'Not found.');
    if (!OTX_SECTIONS[slug].includes(section)) {
      throw SimOutcomeException.detail(404, `Unknown section "${section}" for ${slug}.`);
    }
    const check = checkIndicatorValue(slug, value);
    if (!check.ok) throw SimOutcomeException.detail(400, check.detail);
    if (section !== 'general') return sectionStub(section);
    const fault = GENERAL_FAULTS.get(check.canonical);
    if (fault) throw new SimOutcomeException(fault);
    const [typeName, typeTitle] = generalTypeOf(slug, check.canonical) ?? [slug, slug];
    return buildGeneralBody({
      slug,
      indicator: check.canonical,
      typeName,
      typeTitle,
      entry: lookupIndicator(slug, check.canonical) ?? this.bench.lookup(slug, check.canonical),
      pulsesCap: this.options.pulsesCap,
    });
  }
}
