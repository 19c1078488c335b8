import type { DestinationStream } from 'pino';

/** What {@link LineBlocks} writes to: pino's `destination()` (SonicBoom). */
export interface BlockSink {
  write(block: string): unknown;
  flushSync(): void;
}

// Destinations still open; written out when the process exits (relay: one).
const open = new Set<LineBlocks>();
const flushAllAtExit = () => open.forEach((blocks) => blocks.flushSync());

/**
 * Gathers the log lines of one turn of the event loop and hands them to `sink` as one string
 * at its end (sooner once `blockChars` characters wait), and synchronously when the process
 * exits. Under load a turn answers many requests: one write per line, even asynchronous, cost
 * a `/refer` answer a sixth of its CPU (docs/benchmarks.md). When idle, a line still goes out
 * at once. (SonicBoom's own `minLength` buffering holds lines until a block is full or a timer
 * fires, and measures the whole pending buffer's UTF-8 length on every line.)
 */
export class LineBlocks implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  private scheduled = false;
  private readonly endOfTurn = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly sink: BlockSink,
    private readonly blockChars: number,
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
      setImmediate(this.endOfTurn);
    }
  }

  /** Hands what is waiting to the sink, which writes it asynchronously, in order. */
  flush(): void {
    if (this.lines.length === 0) return;
    const block = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.sink.write(block);
  }

  /** Writes everything, the sink's own buffer included, before returning (process exit). */
  flushSync(): void {
    this.flush();
    this.sink.flushSync();
  }

  /** Hands what is waiting to the sink; the process's exit no longer flushes it. */
  close(): void {
    this.flush();
    open.delete(this);
    if (open.size === 0) process.removeListener('exit', flushAllAtExit);
  }
}
