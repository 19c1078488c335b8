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
 * Gathers log lines and hands them to `sink` as one string per block: when `blockChars`
 * characters are waiting, every `flushMs`, and synchronously when the process exits.
 * SonicBoom's own `minLength` buffering measures the whole pending buffer's UTF-8 length on
 * every line written, which cost a `/refer` answer more than the rest of its log line
 * (docs/benchmarks.md); a block here costs one join.
 */
export class LineBlocks implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: BlockSink,
    private readonly blockChars: number,
    flushMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), flushMs).unref();
    if (open.size === 0) process.on('exit', flushAllAtExit);
    open.add(this);
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.blockChars) this.flush();
  }

  /** Hands what is waiting to the sink, which writes it asynchronously. */
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

  /** Hands what is waiting to the sink and stops flushing (the sink stays open). */
  close(): void {
    this.flush();
    clearInterval(this.timer);
    open.delete(this);
    if (open.size === 0) process.removeListener('exit', flushAllAtExit);
  }
}
