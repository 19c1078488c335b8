import { OtxClock } from '../otx-clock';
import { OtxDeadlineSignal } from './otx-deadline-signal';

describe(OtxDeadlineSignal.name, () => {
  const T0 = 1_000_000;
  const clock: OtxClock = {
    now: () => Date.now(),
    sleep: () => Promise.resolve(),
    random: () => 0,
  };
  // Like axios: refuses a signal already aborted, else waits for the abort.
  const never = (signal: AbortSignal | undefined) =>
    new Promise<string>((_resolve, reject) => {
      if (signal?.aborted) reject(new Error('aborted'));
      signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });

  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it('aborts a request still in flight at the deadline', async () => {
    const sut = new OtxDeadlineSignal(T0 + 500, clock);
    const pending = sut.run(never);
    const settled = expect(pending).rejects.toThrow('aborted');
    jest.advanceTimersByTime(499);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1);
    await settled;
  });

  it('holds no timer once nothing is in flight, so a finished request keeps nothing alive', async () => {
    const sut = new OtxDeadlineSignal(T0 + 25_000, clock);
    let seen: AbortSignal | undefined;
    await sut.run((signal) => {
      seen = signal;
      expect(jest.getTimerCount()).toBe(1);
      return Promise.resolve();
    });
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(30_000);
    expect(seen?.aborted).toBe(false);
  });

  it('keeps one timer for overlapping requests and re-arms for a later one', async () => {
    const sut = new OtxDeadlineSignal(T0 + 1_000, clock);
    let release!: () => void;
    const first = sut.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = sut.run(() => Promise.resolve('quick'));
    await expect(second).resolves.toBe('quick');
    expect(jest.getTimerCount()).toBe(1);
    release();
    await first;
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(600);
    const late = sut.run(never);
    const settled = expect(late).rejects.toThrow('aborted');
    jest.advanceTimersByTime(400);
    await settled;
  });

  it('aborts at once when the deadline has passed, and gives no signal without a deadline', async () => {
    await expect(new OtxDeadlineSignal(T0 - 1, clock).run(never)).rejects.toThrow('aborted');
    await expect(
      new OtxDeadlineSignal(Infinity, clock).run((signal) => Promise.resolve(signal)),
    ).resolves.toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });
});
