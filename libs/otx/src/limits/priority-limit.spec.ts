import { PriorityLimit } from './priority-limit';

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { task: () => (log.push(name), done), release };
}

const tick = () => new Promise((r) => setImmediate(r));

describe(PriorityLimit.name, () => {
  it('runs at most `concurrency` tasks at once', async () => {
    const sut = new PriorityLimit(2);
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((n) => gate(log, n));
    const runs = gates.map((g) => sut.run(g.task));
    await tick();
    expect(log).toEqual(['a', 'b']);
    expect([sut.activeCount, sut.pendingCount]).toEqual([2, 1]);
    gates[0].release();
    await tick();
    expect(log).toEqual(['a', 'b', 'c']);
    gates.forEach((g) => g.release());
    await Promise.all(runs);
    expect([sut.activeCount, sut.pendingCount]).toEqual([0, 0]);
  });

  it('starts waiting tasks lowest priority first, then in order of arrival', async () => {
    const sut = new PriorityLimit(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const running = sut.run(first.task, 0);
    const queued = [
      ['new observable 7', 7],
      ['new observable 3', 3],
      ['walk of observable 0', 0],
      ['new observable 3, second call', 3],
      ['walk of observable 1', 1],
    ] as const;
    const runs = queued.map(([name, p]) => sut.run(() => (log.push(name), Promise.resolve()), p));
    first.release();
    await Promise.all([running, ...runs]);
    expect(log).toEqual([
      'first',
      'walk of observable 0',
      'walk of observable 1',
      'new observable 3',
      'new observable 3, second call',
      'new observable 7',
    ]);
  });

  it('frees the slot when a task fails', async () => {
    const sut = new PriorityLimit(1);
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(() => Promise.resolve(42))).resolves.toBe(42);
    expect(sut.activeCount).toBe(0);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new PriorityLimit(0)).toThrow(TypeError);
  });
});
