import type { Judgement, Verdict } from './ctim.types';

/**
 * The Verdict of a Judgement (relay contract §9.3): its disposition and name, observable and
 * `valid_time`, and `judgement_id` naming it. When an observable has one Judgement, that is
 * CTIM's verdict selection too. Copies, so the two entities share no object.
 */
export function verdictFromJudgement(judgement: Judgement): Verdict {
  return {
    type: 'verdict',
    disposition: judgement.disposition,
    disposition_name: judgement.disposition_name,
    observable: { type: judgement.observable.type, value: judgement.observable.value },
    judgement_id: judgement.id,
    valid_time: { ...judgement.valid_time },
  };
}
