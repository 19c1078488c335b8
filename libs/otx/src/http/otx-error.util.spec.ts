import { otxExceptionFromError, otxExceptionFromStatus } from './otx-error.util';
import { OtxException } from '../otx.exception';

const withCode = (code: string, message = `${code} happened`) =>
  Object.assign(new Error(message), { code });

describe('otxExceptionFromError', () => {
  it.each([
    ['CERT_HAS_EXPIRED', 'certificate has expired'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"],
  ])('%s is TLS with the message as detail', (code, message) => {
    expect(otxExceptionFromError(withCode(code, message), 'general', 1)).toMatchObject({
      code: 'TLS',
      endpoint: 'general',
      detail: message,
    });
  });

  it.each([
    ['ENOTFOUND', 'host not found (ENOTFOUND)'],
    ['EAI_AGAIN', 'host lookup failed (EAI_AGAIN)'],
    ['ECONNRESET', 'connection reset (ECONNRESET)'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER)'],
    ['EWHATEVER', 'request failed (EWHATEVER)'],
  ])('%s is UNAVAILABLE with detail %j', (code, detail) => {
    expect(otxExceptionFromError(withCode(code), 'user', 1)).toMatchObject({
      code: 'UNAVAILABLE',
      detail,
    });
  });

  it('ETIMEDOUT is TIMEOUT naming the configured timeout', () => {
    expect(otxExceptionFromError(withCode('ETIMEDOUT'), 'user', 1234).detail).toBe(
      'no answer within 1234 ms',
    );
  });

  it('does not copy a non-TLS error message (it could echo request data)', () => {
    const error = otxExceptionFromError(withCode('EFOO', 'secret-ish text'), 'user', 1);
    expect(error.message).not.toContain('secret-ish');
  });

  it('passes an OtxException through unchanged', () => {
    const original = new OtxException('BAD_RESPONSE', 'general', 'x');
    expect(otxExceptionFromError(original, 'user', 1)).toBe(original);
  });
});

describe('otxExceptionFromStatus', () => {
  it('200 is no failure; 400/404 only when "no data" is allowed', () => {
    expect(otxExceptionFromStatus('general', 200, true)).toBeNull();
    expect(otxExceptionFromStatus('general', 404, true)).toBeNull();
    expect(otxExceptionFromStatus('user', 404, false)).toMatchObject({
      code: 'HTTP_STATUS',
      status: 404,
      statusText: 'Not Found',
    });
  });

  it('names a redirect as not followed', () => {
    expect(otxExceptionFromStatus('user', 301, false)?.detail).toBe(
      'OTX answered 301 Moved Permanently, redirect not followed',
    );
  });

  it('leaves statusText undefined for an unregistered status', () => {
    const error = otxExceptionFromStatus('general', 520, true);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 520, detail: 'OTX answered 520' });
    expect(error?.statusText).toBeUndefined();
  });
});
