import { OTX_SOURCE, SCHEMA_VERSION, indicatorIdForPulse, transientId } from './ids';

describe(indicatorIdForPulse.name, () => {
  // Contract §7.5 test vectors (UUID v5, X.500 namespace).
  it.each([
    ['q1w2e3r4t5y6', 'transient:indicator-8aaf75fe-7be6-57c4-89b7-39bd717e84f6'],
    ['5d4d574bb0f449aa86b70f90', 'transient:indicator-7729f384-eac9-57ab-a22d-80b10bb6e27f'],
  ])('maps pulse %s to %s', (pulseId, expected) => {
    expect(indicatorIdForPulse(pulseId)).toBe(expected);
  });

  it('gives different pulses different ids', () => {
    expect(indicatorIdForPulse('a')).not.toBe(indicatorIdForPulse('b'));
  });
});

describe(transientId.name, () => {
  it.each([
    ['sighting', 'transient:sighting-abc'],
    ['indicator', 'transient:indicator-abc'],
    ['relationship', 'transient:relationship-abc'],
    ['judgement', 'transient:judgement-abc'],
  ] as const)('prefixes %s', (type, expected) => {
    expect(transientId(type, 'abc')).toBe(expected);
  });
});

describe('constants', () => {
  it('match the original', () => {
    expect(SCHEMA_VERSION).toBe('1.0.17');
    expect(OTX_SOURCE).toBe('AlienVault OTX');
  });
});
