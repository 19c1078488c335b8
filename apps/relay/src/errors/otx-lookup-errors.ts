import { OtxException, OtxIndicatorLookup, OtxLookupProblem, OtxLookupResult } from '@app/otx';
import { otxErrorToRelayError } from './otx-error.mapper';
import { RelayError } from './relay-error';
import { RELAY_ERROR_CODES, relayErrors, unexpectedError } from './relay-errors';

const named = (indicator: OtxIndicatorLookup): string =>
  indicator.observables.map((o) => `${o.type} ${o.value}`).join(', ');

/**
 * The envelope errors of a lookup (contract §6.8): a failed general lookup is fatal for its
 * observable; a failed pulse, a page cap or an unusable record is a warning; pulses left out by
 * `OTX_MAX_TLP` are counted in one warning (§16); the observables the deadline cut short are
 * named once, last. Nothing found besides is dropped.
 */
export function lookupErrors(
  lookup: OtxLookupResult,
  deadlineMs: number,
  maxTlp = 'red',
  requestId?: string,
): RelayError[] {
  const errors = lookup.problems.map((p) => problemError(p, deadlineMs, requestId));
  if (lookup.withheldPulses > 0) {
    errors.push(relayErrors.pulsesWithheld(lookup.withheldPulses, maxTlp));
  }
  if (lookup.unfinished.length > 0) {
    errors.push(relayErrors.deadline(deadlineMs, lookup.unfinished.map(named)));
  }
  return errors;
}

function problemError(
  problem: OtxLookupProblem,
  deadlineMs: number,
  requestId: string | undefined,
): RelayError {
  switch (problem.kind) {
    case 'general': {
      const context = `looking up ${named(problem.indicator)}`;
      return failure(problem.error, 'fatal', deadlineMs, context, requestId);
    }
    case 'walk': {
      const context = `walking pulse ${problem.pulse.id}`;
      return failure(problem.error, 'warning', deadlineMs, context, requestId);
    }
    case 'page-cap':
      return {
        code: RELAY_ERROR_CODES.pulseSearchIncomplete,
        message:
          `Pulse ${problem.pulse.id} has more indicator pages than OTX_MAX_PAGES allows; ` +
          `${named(problem.indicator)} was not found in the pages searched.`,
        type: 'warning',
      };
    case 'record':
      return relayErrors.oops(
        `Reason: AlienVault OTX sent an invalid response (pulse ${problem.pulse.id} lists ` +
          `${named(problem.indicator)} in a record that cannot be used: ${problem.detail})`,
        'warning',
      );
  }
}

function failure(
  error: unknown,
  type: RelayError['type'],
  deadlineMs: number,
  context: string,
  requestId: string | undefined,
): RelayError {
  if (error instanceof OtxException) return otxErrorToRelayError(error, type, deadlineMs);
  return unexpectedError(error, context, type, requestId);
}
