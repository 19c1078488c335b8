import { SIM_OBSERVABLES } from '../fixtures';
import { isRefusedIpv4 } from '../otx/ip-address.util';
import { checkIndicatorValue } from '../otx/indicator-value';
import { slugOfObservable } from '../otx/otx-vocabulary';
import { BENCH_TYPES, benchObservable, benchObservables } from './bench-observables';

describe('benchObservables', () => {
  const all = benchObservables(7 * 300);

  it('rotates through the seven queryable types', () => {
    expect(all.slice(0, 8).map((o) => o.type)).toEqual([...BENCH_TYPES, 'ip']);
  });

  it('is deterministic and exactly {type, value}', () => {
    expect(benchObservables(9)).toEqual(all.slice(0, 9));
    expect(Object.keys(benchObservable(3)).sort()).toEqual(['type', 'value']);
    expect(benchObservables(3)).toEqual([
      { type: 'ip', value: '198.18.0.1' },
      { type: 'ipv6', value: '2001:db8:be::1' },
      { type: 'domain', value: 'bench-host-1.example' },
    ]);
  });

  it('gives distinct values, none shared with the fixtures', () => {
    const values = new Set(all.map((o) => o.value));
    expect(values.size).toBe(all.length);
    for (const fixture of Object.values(SIM_OBSERVABLES))
      expect(values.has(fixture.value)).toBe(false);
  });

  it('gives values OTX accepts, in their canonical case', () => {
    for (const o of all) {
      const slug = slugOfObservable(o.type);
      if (!slug) throw new Error(`no slug for ${o.type}`);
      const check = checkIndicatorValue(slug, o.value);
      expect(check.ok).toBe(true);
      if (o.type === 'ip') expect(isRefusedIpv4(o.value)).toBe(false);
      if (check.ok && o.type !== 'ipv6') expect(check.canonical).toBe(o.value);
    }
    expect(benchObservable(7 * 300).value).toBe('198.18.1.45');
  });
});
