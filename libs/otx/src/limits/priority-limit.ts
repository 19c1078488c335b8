interface Waiting {
  priority: number;
  seq: number;
  start: () => void;
}

const before = (a: Waiting, b: Waiting) =>
  a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);

/**
 * Runs at most `concurrency` tasks at once. A task that has to wait starts when a slot frees,
 * lowest `priority` first, then first come first served: under a deadline, the calls of the
 * observables already under way go before those of observables not yet started (contract §6.7).
 * p-limit, used before, has no priorities; p-queue has, but is ESM-only.
 */
export class PriorityLimit {
  private active = 0;
  private seq = 0;
  /** A binary heap ordered by {@link before}. */
  private readonly heap: Waiting[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new TypeError('concurrency must be an integer of at least 1');
    }
  }

  /** Tasks running now. */
  get activeCount(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get pendingCount(): number {
    return this.heap.length;
  }

  async run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active >= this.concurrency) {
      await new Promise<void>((start) => this.enqueue({ priority, seq: this.seq++, start }));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.dequeue();
      // The slot passes straight to the next task, so a newcomer cannot take it in between.
      if (next) next.start();
      else this.active--;
    }
  }

  private enqueue(item: Waiting): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private dequeue(): Waiting | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let best = i;
      if (l < heap.length && before(heap[l], heap[best])) best = l;
      if (r < heap.length && before(heap[r], heap[best])) best = r;
      if (best === i) return top;
      [heap[i], heap[best]] = [heap[best], heap[i]];
      i = best;
    }
  }
}
