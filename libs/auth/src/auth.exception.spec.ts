import { AuthException } from './auth.exception';

describe(AuthException.name, () => {
  it('formats a reason as the contract message', () => {
    const e = new AuthException('Wrong authorization type');
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('Authorization failed: Wrong authorization type');
    expect(e.reason).toBe('Wrong authorization type');
    expect(e.code).toBe('AUTHORIZATION');
    expect(e.name).toBe('AuthException');
  });

  it('says exactly "Authorization failed." without a reason', () => {
    const e = new AuthException(null);
    expect(e.message).toBe('Authorization failed.');
    expect(e.reason).toBeNull();
  });

  it('keeps a cause', () => {
    const cause = new Error('inner');
    expect(new AuthException('x', { cause }).cause).toBe(cause);
  });
});
