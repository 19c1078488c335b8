import { Logger } from '@nestjs/common';
import { RelayError } from './relay-error';

/** Every `code` the relay answers in its error envelope (contract §3.3), in one place. */
export const RELAY_ERROR_CODES = {
  authorization: 'authorization error',
  invalidPayload: 'invalid payload received',
  healthCheck: 'health check failed',
  oops: 'oops',
  tls: 'ssl certificate verification failed',
  tooManyRequests: 'too many requests',
  deadline: 'request deadline exceeded',
  pulseSearchIncomplete: 'pulse search incomplete',
  pulsesWithheld: 'pulses withheld by TLP policy',
} as const;

export type RelayErrorCode = (typeof RELAY_ERROR_CODES)[keyof typeof RELAY_ERROR_CODES];

// Long lists of observables are cut in messages; the count of the rest is given.
const MAX_LISTED = 20;

/** The builders of the relay's errors: one wording per condition (contract §3.3). */
export const relayErrors = {
  /** `Authorization failed: <reason>`, or `Authorization failed.` without one (contract §3.3). */
  authorization: (reason: string | null): RelayError => ({
    code: RELAY_ERROR_CODES.authorization,
    message: reason === null ? 'Authorization failed.' : `Authorization failed: ${reason}`,
    type: 'fatal',
  }),
  healthCheck: (): RelayError => ({
    code: RELAY_ERROR_CODES.healthCheck,
    message: 'Invalid Health Check',
    type: 'fatal',
  }),
  /** `oops` with `Something went wrong.`, or `Something went wrong. <reason>.` */
  oops: (reason?: string, type: RelayError['type'] = 'fatal'): RelayError => ({
    code: RELAY_ERROR_CODES.oops,
    message: reason === undefined ? 'Something went wrong.' : `Something went wrong. ${reason}.`,
    type,
  }),
  /**
   * The request deadline cut lookups short: the observables named, when known, were abandoned
   * (what was found for them before is still answered).
   */
  deadline: (deadlineMs: number, observables: string[] = []): RelayError => {
    const limit = `REQUEST_DEADLINE_MS (${deadlineMs} ms)`;
    if (observables.length === 0) {
      return {
        code: RELAY_ERROR_CODES.deadline,
        message: `The lookup did not finish within ${limit} and was abandoned.`,
        type: 'fatal',
      };
    }
    const listed = observables.slice(0, MAX_LISTED).join('; ');
    const rest = observables.length - MAX_LISTED;
    return {
      code: RELAY_ERROR_CODES.deadline,
      message:
        `The lookups of these observables did not finish within ${limit} and were abandoned: ` +
        `${listed}${rest > 0 ? ` and ${rest} more` : ''}.`,
      type: 'fatal',
    };
  },
  /**
   * Pulses above `OTX_MAX_TLP` were left out of the answer (contract §16): one warning per
   * request, however many observables listed them.
   */
  pulsesWithheld: (count: number, maxTlp: string): RelayError => ({
    code: RELAY_ERROR_CODES.pulsesWithheld,
    message:
      `${count === 1 ? '1 pulse' : `${count} pulses`} above OTX_MAX_TLP (${maxTlp}) ` +
      `${count === 1 ? 'was' : 'were'} left out of this answer.`,
    type: 'warning',
  }),
};

const logger = new Logger('RelayErrors');

/**
 * An error nobody expected (a bug): logged with its stack (and `requestId` when met serving a
 * request, contract §13.1), answered as a bare `oops` that gives nothing away. The filter and
 * the providers both use it.
 */
export function unexpectedError(
  error: unknown,
  context: string,
  type: RelayError['type'] = 'fatal',
  requestId?: string,
): RelayError {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const msg = `Unexpected error ${context}: ${detail}`;
  logger.error(requestId === undefined ? msg : { requestId, msg });
  return relayErrors.oops(undefined, type);
}
