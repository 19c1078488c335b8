import { BlockSink, LineBlocks } from './line-blocks';

/** A sink that records what it is handed, and when it was asked to write synchronously. */
function recordingSink() {
  const blocks: string[] = [];
  const events: string[] = [];
  const sink: BlockSink = {
    write: (block) => {
      blocks.push(block);
      events.push('write');
    },
    flush: (done) => {
      events.push('flush');
      done();
    },
    flushSync: () => void events.push('flushSync'),
    writeSync: (block) => {
      blocks.push(block);
      events.push('writeSync');
    },
  };
  return { sink, blocks, events };
}

const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

describe(LineBlocks.name, () => {
  let blocks: LineBlocks | undefined;
  afterEach(() => blocks?.close());

  it('hands the lines of one turn over together at its end, in order', async () => {
    const { sink, blocks: out } = recordingSink();
    blocks = new LineBlocks(sink, 4096);
    blocks.write('one\n');
    blocks.write('two\n');
    expect(out).toEqual([]);
    await endOfTurn();
    expect(out).toEqual(['one\ntwo\n']);
    blocks.write('three\n');
    await endOfTurn();
    expect(out).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('hands a full block over at once, before the turn ends', async () => {
    const { sink, blocks: out } = recordingSink();
    blocks = new LineBlocks(sink, 10);
    blocks.write('aaaa\n');
    expect(out).toEqual([]);
    blocks.write('bbbbb\n');
    expect(out).toEqual(['aaaa\nbbbbb\n']);
    blocks.write('c\n');
    await endOfTurn();
    expect(out).toEqual(['aaaa\nbbbbb\n', 'c\n']);
  });

  it('under load, hands over at most one block per interval, unless one fills', () => {
    jest.useFakeTimers();
    try {
      const { sink, blocks: out } = recordingSink();
      blocks = new LineBlocks(sink, 20, 60);
      blocks.write('quiet\n'); // the first block in a while: at the end of its turn
      jest.advanceTimersByTime(0);
      expect(out).toEqual(['quiet\n']);
      blocks.write('a\n');
      jest.advanceTimersByTime(1);
      blocks.write('b\n');
      jest.advanceTimersByTime(57); // 58 ms after the block before
      expect(out).toEqual(['quiet\n']);
      jest.advanceTimersByTime(2);
      expect(out).toEqual(['quiet\n', 'a\nb\n']);
      blocks.write('c\n'); // waits for the interval...
      jest.advanceTimersByTime(30);
      blocks.write('d'.repeat(20)); // ...unless a block fills: then it goes at once
      expect(out).toEqual(['quiet\n', 'a\nb\n', `c\n${'d'.repeat(20)}`]);
      blocks.write('e\n'); // the interval counts from the full block, 30 ms after c's
      jest.advanceTimersByTime(59);
      expect(out).toHaveLength(3);
      jest.advanceTimersByTime(1);
      expect(out).toEqual(['quiet\n', 'a\nb\n', `c\n${'d'.repeat(20)}`, 'e\n']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('hands the waiting lines over and calls back once the sink has written them', () => {
    const { sink, blocks: out, events } = recordingSink();
    blocks = new LineBlocks(sink, 4096, 1000);
    blocks.write('listening\n');
    const done = jest.fn();
    blocks.flush(done);
    expect(out).toEqual(['listening\n']);
    expect(events).toEqual(['write', 'flush']);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it("writes the sink's buffer, then the waiting lines, synchronously", () => {
    const { sink, blocks: out, events } = recordingSink();
    blocks = new LineBlocks(sink, 4096);
    blocks.write('x\n');
    blocks.write('y\n');
    blocks.flushSync();
    expect(out).toEqual(['x\ny\n']);
    expect(events).toEqual(['flushSync', 'writeSync']);
  });

  it('writes everything when the process exits, and forgets a closed destination', () => {
    const first = recordingSink();
    const second = recordingSink();
    blocks = new LineBlocks(first.sink, 4096);
    const closed = new LineBlocks(second.sink, 4096);
    closed.write('before close\n');
    closed.close();
    expect(second.blocks).toEqual(['before close\n']);
    blocks.write('at exit\n');
    const exitListeners = process.listeners('exit');
    // The listener LineBlocks installed, called as Node calls it on exit.
    const own = exitListeners[exitListeners.length - 1];
    own(0);
    expect(first.events).toEqual(['flushSync', 'writeSync']);
    expect(first.blocks).toEqual(['at exit\n']);
    expect(second.events).toEqual(['write']);
  });
});
