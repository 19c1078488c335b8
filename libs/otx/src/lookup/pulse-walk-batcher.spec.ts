import type { OtxIndicatorLookup, OtxPulse } from '../otx.types';
import { PulseWalk } from './otx-lookup-plan';
import { PulseWalkBatcher } from './pulse-walk-batcher';

const group = (value: string): OtxIndicatorLookup => ({
  type: 'ip',
  canonical: value,
  observables: [{ type: 'ip', value }],
  general: null,
  memberships: [],
  complete: false,
});
const pulse = (id: string) => ({ id, name: id }) as OtxPulse;

describe(PulseWalkBatcher.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function batcher(count: number, maxGraceMs?: number) {
    const walks: string[][] = [];
    const record = (walk: PulseWalk) => {
      walks.push([walk.pulse.id, ...walk.indicators.map((g) => g.canonical)]);
      return Promise.resolve();
    };
    const sut = new PulseWalkBatcher(count, Date.now(), record, 100, maxGraceMs);
    return { sut, walks };
  }

  it('walks a pulse once for every group once all general lookups answered', async () => {
    const { sut, walks } = batcher(2);
    sut.answered(group('a'), [pulse('p'), pulse('q')]);
    expect(walks).toEqual([]);
    sut.answered(group('b'), [pulse('p')]);
    await sut.done();
    expect(walks).toEqual([
      ['p', 'a', 'b'],
      ['q', 'a'],
    ]);
  });

  it('does not let a slow lookup hold the others back past the grace period', async () => {
    const { sut, walks } = batcher(3);
    jest.advanceTimersByTime(40);
    sut.answered(group('a'), [pulse('p')]);
    jest.advanceTimersByTime(99); // grace: max(100 ms, 2 × 40 ms)
    expect(walks).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(walks).toEqual([['p', 'a']]);
    sut.answered(group('b'), [pulse('q')]);
    jest.runOnlyPendingTimers();
    expect(walks).toEqual([
      ['p', 'a'],
      ['q', 'b'],
    ]);
    sut.answered(group('c'), []);
    await sut.done();
    expect(walks).toHaveLength(2);
  });

  it('never waits longer than maxGraceMs to batch, however slow the first answer', () => {
    const { sut, walks } = batcher(3, 300);
    jest.advanceTimersByTime(1000); // a 1 s answer would give a 2 s grace
    sut.answered(group('a'), [pulse('p')]);
    jest.advanceTimersByTime(299);
    expect(walks).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(walks).toEqual([['p', 'a']]);
  });
});
