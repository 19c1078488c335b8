import { LRUCache } from 'lru-cache';

/**
 * Memoises a pure function of a string in an LRU of at most `max` entries (lru-cache, as the
 * rest of the relay), answering as calling `fn` would. Used where a warm lookup derives the same
 * values again for every request (pulse ids, times).
 */
export function boundedMemo<T>(fn: (key: string) => T, max: number): (key: string) => T {
  // Boxed: lru-cache keeps no null or undefined values, which `fn` may return.
  const memo = new LRUCache<string, { value: T }>({ max });
  return (key) => {
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = { value: fn(key) };
      memo.set(key, hit);
    }
    return hit.value;
  };
}
