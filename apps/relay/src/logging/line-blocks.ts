import type { DestinationStream } from 'pino';

/** What {@link LineBlocks} writes to: pino's `destination()` (SonicBoom). */
export interface BlockSink {
  write(block: string): unknown;
  /** Calls `done` once what was handed over is written. */
  flush(done: (error?: Error) => void): void;
  /** Writes what it was handed and not yet started writing, before returning. */
  flushSync(): void;
  /** Writes `block` before returning, after everything handed over before it that is not in flight. */
  writeSync(block: string): void;
}

// Destinations still open; written out when the process exits (relay: one).
const open = new Set<LineBlocks>();
const flushAllAtExit = () => open.forEach((blocks) => blocks.flushSync());

/**
 * Gathers log lines and hands them to `sink` as one string: at the end of the turn of the event
 * loop that wrote them, but no sooner than `minIntervalMs` after the block before (sooner once
 * `blockChars` characters wait), and synchronously when the process exits. Each block is one
 * asynchronous write, a round trip through the thread pool that cost about 24 µs of CPU: under
 * load, one per turn (a request or two) was a fifth of a `/refer` answer's CPU
 * (docs/benchmarks.md). When idle, a line still goes out at the end of its turn. (SonicBoom's
 * own `minLength` buffering holds lines until a block is full or a timer fires, and measures the
 * whole pending buffer's UTF-8 length on every line.)
 */
export class LineBlocks implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  private scheduled = false;
  private lastBlockAt = -Infinity;
  private readonly endOfTurn = () => {
    // A full block may have gone out since this was scheduled: the interval counts from it.
    const wait = this.lastBlockAt + this.minIntervalMs - performance.now();
    if (wait > 0 && this.lines.length > 0) return void setTimeout(this.endOfTurn, wait).unref();
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly sink: BlockSink,
    private readonly blockChars: number,
    private readonly minIntervalMs = 0,
  ) {
    if (open.size === 0) process.on('exit', flushAllAtExit);
    open.add(this);
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.blockChars) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      const wait = this.lastBlockAt + this.minIntervalMs - performance.now();
      if (wait <= 0) setImmediate(this.endOfTurn);
      // Unref'd: the exit flush writes what a pending block holds.
      else setTimeout(this.endOfTurn, wait).unref();
    }
  }

  /**
   * Hands what is waiting to the sink, which writes it asynchronously, in order; `done` once the
   * sink has written it (pino's `logger.flush(done)` calls this).
   */
  flush(done?: (error?: Error) => void): void {
    if (this.lines.length > 0) {
      const block = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
      this.lines = [];
      this.chars = 0;
      this.lastBlockAt = performance.now();
      this.sink.write(block);
    }
    if (done) this.sink.flush(done);
  }

  /**
   * Writes everything, the sink's own buffer included, before returning (process exit). The
   * waiting lines are written synchronously too: handed over as a block, they would start an
   * asynchronous write that the exit may not wait for.
   */
  flushSync(): void {
    this.sink.flushSync();
    if (this.lines.length === 0) return;
    const block = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.sink.writeSync(block);
  }

  /** Hands what is waiting to the sink; the process's exit no longer flushes it. */
  close(): void {
    this.flush();
    open.delete(this);
    if (open.size === 0) process.removeListener('exit', flushAllAtExit);
  }
}
