import { LRUCache } from 'lru-cache';

/** What `GET /_sim/stats` says about the page cache. */
export interface PageCacheStats {
  /** Pages served from the cache. */
  hits: number;
  /** Pages built (not in the cache). */
  builds: number;
  /** Bytes of the pages held now, and the bound. */
  bytes: number;
  maxBytes: number;
}

/**
 * Pulse-indicator pages, built once and kept as bytes, least recently used dropped first past
 * `maxBytes`, so that serving a large page costs the simulator a copy to the socket, not a build:
 * a benchmark then measures its client, not the simulator. A page larger than the bound is
 * built every time.
 */
export class PageCache {
  private readonly pages: LRUCache<string, Buffer> | undefined;
  private hits = 0;
  private builds = 0;

  constructor(readonly maxBytes: number) {
    this.pages =
      maxBytes > 0
        ? new LRUCache({ maxSize: maxBytes, sizeCalculation: (page) => page.length })
        : undefined;
  }

  /** The page under `key`, built by `build` when it is not held. */
  get(key: string, build: () => Buffer): Buffer {
    const held = this.pages?.get(key);
    if (held !== undefined) {
      this.hits += 1;
      return held;
    }
    this.builds += 1;
    const page = build();
    this.pages?.set(key, page);
    return page;
  }

  /** The counters, and the bytes held. */
  stats(): PageCacheStats {
    const { hits, builds, maxBytes } = this;
    return { hits, builds, bytes: this.pages?.calculatedSize ?? 0, maxBytes };
  }

  /** Zeroes the counters; the pages stay. */
  resetCounters(): void {
    this.hits = 0;
    this.builds = 0;
  }
}
