import { PageCache } from './page-cache';

describe(PageCache.name, () => {
  const page = (size: number, fill = 1) => Buffer.alloc(size, fill);

  it('builds a page once and serves it from the cache after', () => {
    const cache = new PageCache(1000);
    const build = jest.fn(() => page(40));
    const first = cache.get('a', build);
    expect(cache.get('a', build)).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toEqual({ hits: 1, builds: 1, bytes: 40, maxBytes: 1000 });
  });

  it('drops the least recently used pages past its bound', () => {
    const cache = new PageCache(100);
    cache.get('a', () => page(40));
    cache.get('b', () => page(40));
    cache.get('a', () => page(40)); // a is now more recent than b
    cache.get('c', () => page(40)); // 120 bytes: b goes
    expect(cache.stats().bytes).toBe(80);
    const rebuilt = jest.fn(() => page(40));
    cache.get('a', rebuilt);
    cache.get('b', rebuilt);
    expect(rebuilt).toHaveBeenCalledTimes(1);
  });

  it('builds a page larger than its bound every time, holding nothing', () => {
    const cache = new PageCache(100);
    const build = jest.fn(() => page(150));
    cache.get('big', build);
    cache.get('big', build);
    expect(build).toHaveBeenCalledTimes(2);
    expect(cache.stats()).toMatchObject({ builds: 2, hits: 0, bytes: 0 });
  });

  it('holds nothing with a bound of 0', () => {
    const cache = new PageCache(0);
    const build = jest.fn(() => page(1));
    cache.get('a', build);
    cache.get('a', build);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('zeroes its counters and keeps its pages', () => {
    const cache = new PageCache(100);
    cache.get('a', () => page(10));
    cache.resetCounters();
    expect(cache.stats()).toEqual({ hits: 0, builds: 0, bytes: 10, maxBytes: 100 });
    cache.get('a', () => page(10, 2));
    expect(cache.stats().hits).toBe(1);
  });
});
