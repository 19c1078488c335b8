import { CTIM_DISPOSITIONS, dispositionName } from './disposition';

describe('CTIM_DISPOSITIONS', () => {
  it('holds the contract §9.1 pairs', () => {
    expect(CTIM_DISPOSITIONS).toStrictEqual({
      1: 'Clean',
      2: 'Malicious',
      3: 'Suspicious',
      4: 'Common',
      5: 'Unknown',
    });
  });
});

describe(dispositionName.name, () => {
  it.each([
    [1, 'Clean'],
    [2, 'Malicious'],
    [3, 'Suspicious'],
    [4, 'Common'],
    [5, 'Unknown'],
  ] as const)('%i → %s', (disposition, name) => {
    expect(dispositionName(disposition)).toBe(name);
  });
});
