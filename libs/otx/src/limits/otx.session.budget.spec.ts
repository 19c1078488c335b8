import { Logger } from '@nestjs/common';
import { OtxObserver } from '../otx-observer';
import { FakeOtxServer, sendJson, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import { FAKE_DATE_ONLY, SteppingClock } from '../testing/stepping-clock';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('OtxSession budget and breaker (fake clock)', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));
  let clock: SteppingClock;
  const rejected: string[] = [];
  const observer: OtxObserver = { onRejected: (e) => rejected.push(e.reason) };
  const client = (overrides = {}) => testClient(otx.baseUrl, { observer, ...overrides }, clock);
  const tooMany = () => {
    otx.handler = (_req, res) => sendJson(res, 429, { detail: 'Over throttling limit' });
  };

  beforeEach(() => {
    jest.useFakeTimers({ ...FAKE_DATE_ONLY, now: T0 });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    clock = new SteppingClock(0);
    rejected.length = 0;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('opens the breaker after `breakerThreshold` 429s; then fails fast with RATE_LIMITED', async () => {
    tooMany();
    const sut = client({ retries: 0, breakerThreshold: 2, breakerCooldownS: 60 }).session('k');

    for (let i = 0; i < 2; i++) {
      await expect(sut.checkUser()).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 429 });
    }
    const error = await sut.getGeneral('ip', '1.2.3.4').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'RATE_LIMITED', endpoint: 'general', retryAfterS: 60 });
    expect((error as Error).message).toMatch(/rate-limiting this API key/);
    expect(otx.requests).toHaveLength(2);
    expect(sut.callCount).toBe(2);
    expect(rejected).toEqual(['breaker']);
  });

  it('is per key, and closes after the cool-down', async () => {
    tooMany();
    const otxClient = client({ retries: 0, breakerThreshold: 1, breakerCooldownS: 30 });
    await otxClient
      .session('a')
      .checkUser()
      .catch(() => undefined);

    await expect(otxClient.session('a').checkUser()).rejects.toMatchObject({ retryAfterS: 30 });
    await expect(otxClient.session('b').checkUser()).rejects.toMatchObject({ status: 429 });
    clock.advance(20_000);
    await expect(otxClient.session('a').checkUser()).rejects.toMatchObject({ retryAfterS: 10 });
    clock.advance(10_001);
    otx.handler = (_req, res) => sendJson(res, 200, {});
    await expect(otxClient.session('a').checkUser()).resolves.toBeUndefined();
    expect(otx.requests).toHaveLength(3);
  });

  it('counts a 429 only once its retries are spent', async () => {
    let n = 0;
    otx.handler = (_req, res) => sendJson(res, n++ % 3 === 2 ? 200 : 429, {});
    const sut = client({ retries: 2, breakerThreshold: 1 }).session('k');

    await sut.checkUser();
    await sut.checkUser();
    expect(otx.requests).toHaveLength(6);

    tooMany();
    await expect(sut.checkUser()).rejects.toMatchObject({ code: 'HTTP_STATUS', status: 429 });
    expect(otx.requests).toHaveLength(9);
    await expect(sut.checkUser()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('an open breaker also stops the retries of a call already running', async () => {
    tooMany();
    const otxClient = client({ retries: 2, breakerThreshold: 1 });
    let opening: Promise<unknown> | undefined;
    // While the first call backs off, another session's 429 (its retries spent) opens the breaker.
    jest.spyOn(clock, 'sleep').mockImplementation(async () => {
      if (opening !== undefined) return; // the other session's own backoff
      opening = otxClient
        .session('k')
        .checkUser()
        .catch(() => undefined);
      await opening;
    });

    await expect(otxClient.session('k').checkUser()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(otx.requests).toHaveLength(4);
  });

  it('waits for the next budget token when it comes before the deadline', async () => {
    otx.handler = (_req, res) => sendJson(res, 200, {});
    const sut = client({ ratePerMinute: 2 }).session('k', { deadlineAt: T0 + 90_000 });

    await Promise.all([sut.checkUser(), sut.checkUser(), sut.checkUser()]);

    // Two tokens a minute: the third comes 30 s after the bucket was emptied.
    expect(clock.sleeps).toEqual([30_000]);
    expect(otx.requests).toHaveLength(3);
  });

  it('rejects BUDGET without a request when the next token comes after the deadline', async () => {
    otx.handler = (_req, res) => sendJson(res, 200, {});
    const otxClient = client({ ratePerMinute: 2 });
    await otxClient.session('k').checkUser();
    await otxClient.session('k').checkUser();

    const sut = otxClient.session('k', { deadlineAt: T0 + 25_000 });
    await expect(sut.getGeneral('ip', '1.2.3.4')).rejects.toMatchObject({
      code: 'BUDGET',
      endpoint: 'general',
      retryAfterS: 30,
    });
    await otxClient.session('other-key', { deadlineAt: T0 + 25_000 }).checkUser();
    expect(otx.requests).toHaveLength(3);
    expect(sut.callCount).toBe(0);
    expect(rejected).toEqual(['budget']);
  });
});
