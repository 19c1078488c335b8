import { OtxException } from '@app/otx';
import { RelayError } from './relay-error';

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Maps an OTX failure to the contract's error (§3.3, §6.3); `type` says if it was fatal. */
export function otxErrorToRelayError(
  error: OtxException,
  type: RelayError['type'] = 'fatal',
): RelayError {
  switch (error.code) {
    case 'UNAUTHORIZED':
      return {
        code: 'authorization error',
        message: 'Authorization failed: Authorization failed on AlienVault OTX side',
        type,
      };
    case 'HTTP_STATUS': {
      const status = [error.status, error.statusText].filter((p) => p !== undefined).join(' ');
      return { code: 'oops', message: `Something went wrong. Reason: ${status}.`, type };
    }
    case 'TLS':
      return {
        code: 'ssl certificate verification failed',
        message: `Unable to verify SSL certificate: ${capitalise(error.detail)}.`,
        type,
      };
    case 'TIMEOUT':
      return {
        code: 'oops',
        message: `Something went wrong. Reason: AlienVault OTX timed out (${error.detail}).`,
        type,
      };
    case 'UNAVAILABLE':
      return {
        code: 'oops',
        message: `Something went wrong. Reason: AlienVault OTX could not be reached (${error.detail}).`,
        type,
      };
    case 'BAD_RESPONSE':
      return {
        code: 'oops',
        message: `Something went wrong. Reason: AlienVault OTX sent an invalid response (${error.detail}).`,
        type,
      };
    default:
      return assertNever(error.code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Unhandled OTX error code: ${String(code)}`);
}
