import type { CtimBundle, Indicator } from './ctim.types';
import { mergeIndicators } from './merge-indicators';

const indicator = (id: string, start: string, end?: string): Indicator =>
  ({
    type: 'indicator',
    id,
    valid_time: end ? { start_time: start, end_time: end } : { start_time: start },
  }) as Indicator;

const bundleOf = (...docs: Indicator[]): CtimBundle => ({
  indicators: { count: docs.length, docs },
});

describe(mergeIndicators.name, () => {
  it('keeps one Indicator per id with the earliest start and the latest end', () => {
    const merged = mergeIndicators(
      bundleOf(
        indicator('x', '2021-01-02T00:00:00Z', '2021-03-01T00:00:00Z'),
        indicator('y', '2020-01-01T00:00:00Z'),
        indicator('x', '2021-01-01T00:00:00.500Z', '2021-02-01T00:00:00Z'),
      ),
    );
    expect(merged.indicators).toEqual({
      count: 2,
      docs: [
        indicator('x', '2021-01-01T00:00:00.500Z', '2021-03-01T00:00:00Z'),
        indicator('y', '2020-01-01T00:00:00Z'),
      ],
    });
  });

  it('drops the end when any copy has none', () => {
    const merged = mergeIndicators(
      bundleOf(
        indicator('x', '2021-01-02T00:00:00Z', '2021-03-01T00:00:00Z'),
        indicator('x', '2021-01-03T00:00:00Z'),
      ),
    );
    expect(merged.indicators?.docs).toEqual([indicator('x', '2021-01-02T00:00:00Z')]);
  });

  it('leaves a bundle without indicators alone', () => {
    expect(mergeIndicators({})).toEqual({});
  });
});
