import { OtxException } from '@app/otx';
import { otxErrorToRelayError } from './otx-error.mapper';

describe(otxErrorToRelayError.name, () => {
  it.each([
    [
      new OtxException('UNAUTHORIZED', 'general', 'x', 403),
      'authorization error',
      'Authorization failed: Authorization failed on AlienVault OTX side',
    ],
    [
      new OtxException('HTTP_STATUS', 'general', 'x', 500),
      'oops',
      'Something went wrong. Reason: 500 Internal Server Error.',
    ],
    [
      new OtxException('HTTP_STATUS', 'user', 'x', 429),
      'oops',
      'Something went wrong. Reason: 429 Too Many Requests.',
    ],
    [
      new OtxException('HTTP_STATUS', 'user', 'x', 520),
      'oops',
      'Something went wrong. Reason: 520.',
    ],
    [
      new OtxException('TLS', 'general', 'self-signed certificate'),
      'ssl certificate verification failed',
      'Unable to verify SSL certificate: Self-signed certificate.',
    ],
    [
      new OtxException('TIMEOUT', 'general', 'no answer within 10 ms'),
      'oops',
      'Something went wrong. Reason: AlienVault OTX timed out (no answer within 10 ms).',
    ],
    [
      new OtxException('UNAVAILABLE', 'general', 'connection refused (ECONNREFUSED)'),
      'oops',
      'Something went wrong. Reason: AlienVault OTX could not be reached (connection refused (ECONNREFUSED)).',
    ],
    [
      new OtxException('BAD_RESPONSE', 'general', 'response is not JSON'),
      'oops',
      'Something went wrong. Reason: AlienVault OTX sent an invalid response (response is not JSON).',
    ],
    [
      new OtxException('DEADLINE', 'user', 'request deadline reached during the call'),
      'request deadline exceeded',
      'The lookup did not finish within REQUEST_DEADLINE_MS (5000 ms) and was abandoned.',
    ],
  ])('maps %s', (exception, code, message) => {
    expect(otxErrorToRelayError(exception, 'fatal', 5000)).toEqual({
      code,
      message,
      type: 'fatal',
    });
    expect(otxErrorToRelayError(exception, 'warning', 5000).type).toBe('warning');
  });
});
