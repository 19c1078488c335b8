import { boundedMemo } from './bounded-memo';

describe(boundedMemo.name, () => {
  it('answers as the function does, computing each key once while it is kept', () => {
    const fn = jest.fn((key: string) => key.length);
    const memo = boundedMemo(fn, 10);
    expect(memo('abc')).toBe(3);
    expect(memo('abc')).toBe(3);
    expect(memo('')).toBe(0);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('remembers null and undefined answers too', () => {
    const fn = jest.fn((key: string) => (key === 'x' ? null : undefined));
    const memo = boundedMemo(fn, 10);
    memo('x');
    memo('x');
    memo('y');
    memo('y');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('keeps at most max entries, still answering correctly past them', () => {
    const fn = jest.fn((key: string) => `v-${key}`);
    const memo = boundedMemo(fn, 3);
    for (const key of ['a', 'b', 'c', 'd']) expect(memo(key)).toBe(`v-${key}`);
    // 'd' pushed out 'a', the least recently used: 'a' is computed again, 'd' is not.
    expect(memo('d')).toBe('v-d');
    expect(memo('a')).toBe('v-a');
    expect(fn).toHaveBeenCalledTimes(5);
  });
});
