import { OtxPulse } from '@app/otx';
import { RelayError } from '../errors/relay-error';
import { LookupGroup } from './otx-lookup-plan';

const MAX_LISTED = 20;

const describe = (group: LookupGroup): string =>
  group.observables.map((o) => `${o.type} ${o.value}`).join(', ');

/** The page cap stopped a pulse walk before it found (or ruled out) an observable. */
export function pageCapWarning(pulse: OtxPulse, group: LookupGroup): RelayError {
  return {
    code: 'pulse search incomplete',
    message:
      `Pulse ${pulse.id} has more indicator pages than OTX_MAX_PAGES allows; ` +
      `${describe(group)} was not found in the pages searched.`,
    type: 'warning',
  };
}

/** Names the observables the request deadline cut off: nothing is dropped silently. */
export function deadlineError(groups: LookupGroup[], deadlineMs: number): RelayError {
  const names = groups.map(describe);
  const listed = names.slice(0, MAX_LISTED).join('; ');
  const more = names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : '';
  return {
    code: 'request deadline exceeded',
    message:
      `The lookups of these observables did not finish within REQUEST_DEADLINE_MS ` +
      `(${deadlineMs} ms) and were abandoned: ${listed}${more}.`,
    type: 'fatal',
  };
}
