/** The relay's error envelopes, as the end-to-end suites expect them (contract §3). */

/** `authorization error` with `Authorization failed: <reason>`. */
export const denied = (reason: string) => ({
  errors: [
    { code: 'authorization error', message: `Authorization failed: ${reason}`, type: 'fatal' },
  ],
});

/** `invalid payload received` with the marshmallow-style details of the original relay. */
export const invalid = (details: string) => ({
  errors: [
    {
      code: 'invalid payload received',
      message: `Invalid JSON payload received. ${details}.`,
      type: 'fatal',
    },
  ],
});

/** A body that is not a JSON array of objects. */
export const INVALID_INPUT = invalid('{"_schema": ["Invalid input type."]}');
