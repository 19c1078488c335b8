/**
 * A refused token or header. Its message is the contract's `Authorization failed: <reason>`,
 * or exactly `Authorization failed.` when `reason` is null (a `key: null` claim). It never
 * contains the token or the OTX key.
 */
export class AuthException extends Error {
  readonly code = 'AUTHORIZATION';

  constructor(
    readonly reason: string | null,
    options?: { cause?: unknown },
  ) {
    super(reason === null ? 'Authorization failed.' : `Authorization failed: ${reason}`, options);
    this.name = 'AuthException';
  }
}
