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
    flushSync: () => void events.push('flushSync'),
  };
  return { sink, blocks, events };
}

describe(LineBlocks.name, () => {
  let blocks: LineBlocks | undefined;
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    blocks?.close();
    jest.useRealTimers();
  });

  it('hands lines over once a block is full, joined in order', () => {
    const { sink, blocks: out } = recordingSink();
    blocks = new LineBlocks(sink, 10, 1000);
    blocks.write('aaaa\n');
    expect(out).toEqual([]);
    blocks.write('bbbbb\n');
    expect(out).toEqual(['aaaa\nbbbbb\n']);
    blocks.write('c\n');
    expect(out).toEqual(['aaaa\nbbbbb\n']);
  });

  it('hands a partial block over when the period comes, and nothing when none waits', () => {
    const { sink, blocks: out } = recordingSink();
    blocks = new LineBlocks(sink, 4096, 250);
    blocks.write('one\n');
    jest.advanceTimersByTime(249);
    expect(out).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(out).toEqual(['one\n']);
    jest.advanceTimersByTime(1000);
    expect(out).toEqual(['one\n']);
  });

  it('writes the waiting lines, then the sink, synchronously', () => {
    const { sink, blocks: out, events } = recordingSink();
    blocks = new LineBlocks(sink, 4096, 250);
    blocks.write('x\n');
    blocks.flushSync();
    expect(out).toEqual(['x\n']);
    expect(events).toEqual(['write', 'flushSync']);
  });

  it('writes everything when the process exits, and forgets a closed destination', () => {
    const first = recordingSink();
    const second = recordingSink();
    blocks = new LineBlocks(first.sink, 4096, 250);
    const closed = new LineBlocks(second.sink, 4096, 250);
    closed.write('before close\n');
    closed.close();
    expect(second.blocks).toEqual(['before close\n']);
    blocks.write('at exit\n');
    const exitListeners = process.listeners('exit');
    // The listener LineBlocks installed, called as Node calls it on exit.
    const own = exitListeners[exitListeners.length - 1];
    own(0);
    expect(first.events).toEqual(['write', 'flushSync']);
    expect(first.blocks).toEqual(['at exit\n']);
    expect(second.events).toEqual(['write']);
  });
});
