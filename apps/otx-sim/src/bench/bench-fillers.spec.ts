import { checkIndicatorValue } from '../otx/indicator-value';
import { slugOfType } from '../otx/otx-vocabulary';
import { fillerValue } from './bench-fillers';
import { BENCH_INDICATOR_TYPE, benchObservables, MAX_BENCH_PULSE_SIZE } from './bench-observables';

describe(fillerValue.name, () => {
  const observables = new Set(benchObservables(7 * 2000).map((o) => o.value));

  it.each(Object.values(BENCH_INDICATOR_TYPE))(
    'gives distinct valid %s values, none a bench observable',
    (type) => {
      const slug = slugOfType(type)!;
      const seen = new Set<string>();
      const invalid: string[] = [];
      // Sampled across the whole range, IPv6's 16-bit boundary included.
      const sample = [0, 1, 2, 255, 256, 0xffff, 0x10000, 0x10001, MAX_BENCH_PULSE_SIZE - 1];
      for (let f = 0; f < 3000; f++) sample.push(f * 33);
      for (const f of sample) {
        const value = fillerValue(type, f);
        seen.add(value);
        if (observables.has(value) || !checkIndicatorValue(slug, value).ok) invalid.push(value);
      }
      expect(invalid).toEqual([]);
      expect(seen.size).toBe(new Set(sample).size);
    },
  );

  it('is the same in every call (pulses share their fillers)', () => {
    expect(fillerValue('FileHash-MD5', 12)).toBe(fillerValue('FileHash-MD5', 12));
    expect(fillerValue('IPv4', 0x10203)).toBe('100.65.2.3');
  });
});
