import type { Judgement } from './ctim.types';
import { exampleEntities } from './schemas/fixtures/ctim-examples';
import { validateCtimEntity } from './schemas/validate-ctim';
import { verdictFromJudgement } from './verdict';

describe(verdictFromJudgement.name, () => {
  it('keeps disposition, name, observable and valid_time, and names the Judgement', () => {
    const { judgement, verdict } = exampleEntities();
    expect(verdictFromJudgement(judgement)).toStrictEqual(verdict);
    expect(validateCtimEntity(verdictFromJudgement(judgement)).errors).toStrictEqual([]);
  });

  it('shares no object with the Judgement', () => {
    const judgement: Judgement = exampleEntities().judgement;
    const verdict = verdictFromJudgement(judgement);
    verdict.observable.value = 'changed';
    verdict.valid_time.end_time = '2030-01-01T00:00:00Z';
    expect(judgement.observable.value).toBe('99.85.80.169');
    expect(judgement.valid_time.end_time).toBe('2024-02-08T12:00:00.000Z');
  });
});
