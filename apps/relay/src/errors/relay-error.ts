import { CtimBundle } from '@app/ctim';

/** One entry of the Threat Response error envelope (contract §3.2). */
export interface RelayError {
  code: string;
  message: string;
  type: 'fatal' | 'warning';
}

/** What a relay endpoint answers: data, errors, or both (partial data). */
export interface RelayResponse<T> {
  data?: T;
  errors?: RelayError[];
}

export const fatal = (code: string, message: string): RelayError => ({
  code,
  message,
  type: 'fatal',
});

/** Drops repeated errors (the same OTX failure for many observables is reported once). */
export function uniqueErrors(errors: RelayError[]): RelayError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.type}\u0000${e.code}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Builds the observe answer: `data` is always present when there is no error (`{}` when
 * nothing was found) and, beside errors, only when it holds something (contract §3.2).
 */
export function observeResponse(
  bundle: CtimBundle,
  errors: RelayError[],
): RelayResponse<CtimBundle> {
  if (errors.length === 0) return { data: bundle };
  const hasData = Object.keys(bundle).length > 0;
  return hasData
    ? { data: bundle, errors: uniqueErrors(errors) }
    : { errors: uniqueErrors(errors) };
}
