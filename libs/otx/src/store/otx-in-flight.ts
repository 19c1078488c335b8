/** A call that may have been started by another caller. */
export interface OtxSharedCall<T> {
  promise: Promise<T>;
  /** True when this caller joined a call already in flight. */
  joined: boolean;
}

/**
 * Identical lookups in flight at the same time share one upstream call (per process, across
 * sessions). Keys include the OTX key hash: different keys never share.
 */
export class OtxInFlight {
  private readonly calls = new Map<string, Promise<unknown>>();

  /** Runs `start()`, or joins the call already running under `key`. */
  run<T>(key: string, start: () => Promise<T>): OtxSharedCall<T> {
    const running = this.calls.get(key) as Promise<T> | undefined;
    if (running !== undefined) return { promise: running, joined: true };
    const promise = start().finally(() => this.calls.delete(key));
    this.calls.set(key, promise);
    return { promise, joined: false };
  }

  /**
   * {@link run}, then: when the joined call failed in a way `rerunAfter` accepts (it belonged
   * to its starter, e.g. its deadline), runs `start()` for this caller alone.
   */
  async share<T>(
    key: string,
    start: () => Promise<T>,
    rerunAfter: (error: unknown) => boolean,
  ): Promise<T> {
    const { promise, joined } = this.run(key, start);
    if (!joined) return promise;
    return promise.catch((error: unknown) => {
      if (!rerunAfter(error)) throw error;
      return start();
    });
  }

  /** Calls in flight now. */
  get size(): number {
    return this.calls.size;
  }
}
