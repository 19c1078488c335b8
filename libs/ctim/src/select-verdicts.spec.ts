import type { CtimBundle, Judgement, Verdict } from './ctim.types';
import { selectVerdicts } from './select-verdicts';

const ip = { type: 'ip', value: '198.51.100.1' };
const domain = { type: 'domain', value: 'bad.example' };
const validTime = { start_time: '2026-12-05T00:00:00.000Z', end_time: '2026-12-12T00:00:00.000Z' };
const names = { 1: 'Clean', 2: 'Malicious', 3: 'Suspicious', 4: 'Common', 5: 'Unknown' } as const;

const verdict = (
  observable: { type: string; value: string },
  disposition: Verdict['disposition'],
  judgementId?: string,
): Verdict => ({
  type: 'verdict',
  disposition,
  disposition_name: names[disposition],
  observable,
  ...(judgementId ? { judgement_id: judgementId } : {}),
  valid_time: validTime,
});
const judgement = (id: string, priority: number, v: Verdict): Judgement => ({
  type: 'judgement',
  id,
  schema_version: '1.0.17',
  source: 'a source',
  observable: v.observable,
  disposition: v.disposition,
  disposition_name: names[v.disposition],
  priority,
  confidence: 'High',
  severity: 'High',
  valid_time: validTime,
});
const bundleOf = (verdicts: Verdict[], judgements: Judgement[] = []): CtimBundle => ({
  ...(judgements.length ? { judgements: { count: judgements.length, docs: judgements } } : {}),
  verdicts: { count: verdicts.length, docs: verdicts },
});

describe(selectVerdicts.name, () => {
  it("keeps the Verdict whose Judgement has the highest priority, in the observable's place", () => {
    const low = verdict(ip, 1, 'transient:judgement-low');
    const high = verdict(ip, 2, 'transient:judgement-high');
    const other = verdict(domain, 3);
    const bundle = bundleOf(
      [low, other, high],
      [
        judgement('transient:judgement-low', 10, low),
        judgement('transient:judgement-high', 90, high),
      ],
    );
    expect(selectVerdicts(bundle).verdicts).toEqual({ count: 2, docs: [high, other] });
    expect(selectVerdicts(bundle).judgements).toBe(bundle.judgements);
  });

  it('breaks a tie (or a missing Judgement) by disposition: Clean, then Malicious, Suspicious…', () => {
    const suspicious = verdict(ip, 3);
    const clean = verdict(ip, 1);
    const malicious = verdict(ip, 2);
    expect(selectVerdicts(bundleOf([suspicious, malicious, clean])).verdicts?.docs).toEqual([
      clean,
    ]);
    expect(selectVerdicts(bundleOf([suspicious, malicious])).verdicts?.docs).toEqual([malicious]);
  });

  it('leaves a bundle with one Verdict per observable as it is', () => {
    const bundle = bundleOf([verdict(ip, 2), verdict(domain, 3)]);
    expect(selectVerdicts(bundle)).toBe(bundle);
    expect(selectVerdicts({})).toEqual({});
  });
});
