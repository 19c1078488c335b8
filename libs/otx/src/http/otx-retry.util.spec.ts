import {
  backoffMs,
  isRetryable,
  markTransient,
  parseRetryAfterS,
  RETRY_CAP_MS,
  retryDelayMs,
} from './otx-retry.util';
import { OtxException } from '../otx.exception';

const status = (s: number, retryAfterS?: number) =>
  new OtxException('HTTP_STATUS', 'general', 'x', s, retryAfterS);

describe('retry policy', () => {
  it.each([429, 502, 503, 504])('retries HTTP %i', (s) => {
    expect(isRetryable(status(s))).toBe(true);
  });

  it.each([400, 401, 404, 500, 501, 520, 302])('does not retry HTTP %i', (s) => {
    expect(isRetryable(status(s))).toBe(false);
  });

  it('does not retry 403 (UNAUTHORIZED), TLS, BAD_RESPONSE or its own refusals', () => {
    for (const code of [
      'UNAUTHORIZED',
      'TLS',
      'BAD_RESPONSE',
      'DEADLINE',
      'BUDGET',
      'RATE_LIMITED',
    ] as const) {
      expect(isRetryable(new OtxException(code, 'user', 'x', 403))).toBe(false);
    }
  });

  it('retries timeouts, and only reset/refused connections among UNAVAILABLE', () => {
    expect(isRetryable(new OtxException('TIMEOUT', 'user', 'x'))).toBe(true);
    const reset = new OtxException('UNAVAILABLE', 'user', 'connection reset (ECONNRESET)');
    const refused = new OtxException('UNAVAILABLE', 'user', 'connection refused');
    const dns = new OtxException('UNAVAILABLE', 'user', 'host not found (ENOTFOUND)');
    markTransient(reset, 'ECONNRESET');
    markTransient(refused, 'ECONNREFUSED');
    markTransient(dns, 'ENOTFOUND');
    expect([reset, refused, dns].map(isRetryable)).toEqual([true, true, false]);
  });

  it('backs off exponentially from 250 ms with full jitter, capped at 5 s', () => {
    const top = (retry: number) => backoffMs(retry, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(top)).toEqual([
      249, 499, 999, 1999, 3999, 4999, 4999, 4999,
    ]);
    expect(backoffMs(3, () => 0)).toBe(0);
    expect(backoffMs(2, () => 0.5)).toBe(500);
    for (let i = 0; i < 200; i++) expect(backoffMs(9, Math.random)).toBeLessThan(RETRY_CAP_MS);
  });

  it('waits Retry-After when OTX sent one, and gives up past 60 s', () => {
    expect(retryDelayMs(status(429, 3), 0, () => 0)).toBe(3000);
    expect(retryDelayMs(status(503, 0), 4, () => 0.9)).toBe(0);
    expect(retryDelayMs(status(429, 61), 0, () => 0)).toBeNull();
    expect(retryDelayMs(status(502), 1, () => 0.5)).toBe(250);
    expect(retryDelayMs(status(404), 0, () => 0.5)).toBeNull();
  });
});

describe('parseRetryAfterS', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it.each([
    ['0', 0],
    ['7', 7],
    [' 120 ', 120],
    [['5', '9'], 5],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30],
    ['Thu, 01 Jan 2026 00:00:01 GMT', 1],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['Thursday, 01-Jan-26 00:00:10 GMT', 10],
  ])('%j is %i s', (header, expected) => {
    expect(parseRetryAfterS(header, now)).toBe(expected);
  });

  it.each([undefined, '', '-1', '1.5', 'soon', '2026-01-01T00:00:30Z', 42])(
    '%j is not read',
    (header) => {
      expect(parseRetryAfterS(header, now)).toBeUndefined();
    },
  );
});
