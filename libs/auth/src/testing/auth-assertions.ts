import { createHmac } from 'node:crypto';
import { AuthException } from '../auth.exception';

/** Awaits `promise` and checks it failed with exactly this reason, without leaking `secrets`. */
export async function expectRefusal(
  promise: Promise<unknown>,
  reason: string | null,
  ...secrets: string[]
): Promise<AuthException> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthException);
  const auth = error as AuthException;
  expect(auth.reason).toBe(reason);
  expect(auth.message).toBe(
    reason === null ? 'Authorization failed.' : `Authorization failed: ${reason}`,
  );
  for (const secret of secrets.filter((s) => s.length > 0)) {
    expect(auth.message).not.toContain(secret);
  }
  return auth;
}

const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** A JWT built by hand (payloads jsonwebtoken would refuse to sign), HS256-signed with `secret`. */
export function rawJwt(header: unknown, payload: string, secret = 'unused'): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
