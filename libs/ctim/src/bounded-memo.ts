/**
 * Memoises a pure function of a string in a Map that is emptied when it reaches `max` entries:
 * bounded memory, no dependency, and the same answers as calling `fn` (it must be pure).
 * Used where a warm lookup derives the same values again for every request (pulse ids, times).
 */
export function boundedMemo<T>(fn: (key: string) => T, max: number): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    if (memo.has(key)) return memo.get(key) as T;
    const value = fn(key);
    if (memo.size >= max) memo.clear();
    memo.set(key, value);
    return value;
  };
}
