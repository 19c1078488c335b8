import { OtxException } from '@app/otx';
import { RelayError } from './relay-error';
import { RELAY_ERROR_CODES as CODES, relayErrors } from './relay-errors';

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Maps an OTX failure to the contract's error (§3.3, §6.3); `type` says if it was fatal.
 * `deadlineMs` is the request deadline named when the deadline cut the call.
 */
export function otxErrorToRelayError(
  error: OtxException,
  type: RelayError['type'],
  deadlineMs: number,
): RelayError {
  switch (error.code) {
    case 'UNAUTHORIZED':
      return { ...relayErrors.authorization('Authorization failed on AlienVault OTX side'), type };
    case 'HTTP_STATUS': {
      const status = [error.status, error.statusText].filter((p) => p !== undefined).join(' ');
      return relayErrors.oops(`Reason: ${status}`, type);
    }
    case 'TLS':
      return {
        code: CODES.tls,
        message: `Unable to verify SSL certificate: ${capitalise(error.detail)}.`,
        type,
      };
    case 'TIMEOUT':
      return relayErrors.oops(`Reason: AlienVault OTX timed out (${error.detail})`, type);
    case 'UNAVAILABLE':
      return relayErrors.oops(
        `Reason: AlienVault OTX could not be reached (${error.detail})`,
        type,
      );
    case 'BAD_RESPONSE':
      return relayErrors.oops(
        `Reason: AlienVault OTX sent an invalid response (${error.detail})`,
        type,
      );
    case 'RATE_LIMITED':
      return {
        code: CODES.tooManyRequests,
        message:
          'AlienVault OTX is rate-limiting this API key; the relay pauses its calls. ' +
          `Retry after ${retryAfter(error)} s.`,
        type,
      };
    case 'BUDGET':
      return {
        code: CODES.tooManyRequests,
        message:
          "The relay's request budget for this API key (OTX_RATE_PER_MINUTE) is spent. " +
          `Retry after ${retryAfter(error)} s.`,
        type,
      };
    case 'DEADLINE':
      return { ...relayErrors.deadline(deadlineMs), type };
    default:
      return assertNever(error.code);
  }
}

const retryAfter = (error: OtxException): number => Math.max(1, Math.ceil(error.retryAfterS ?? 1));

function assertNever(code: never): never {
  throw new Error(`Unhandled OTX error code: ${String(code)}`);
}
