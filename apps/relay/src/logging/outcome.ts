const STATUS_OUTCOMES: Record<number, string> = {
  404: 'not found',
  405: 'method not allowed',
};

/**
 * The outcome of an answer body: the first error code of the Threat Response envelope, or
 * `partial` when data came with errors; undefined for a body without errors.
 */
export function envelopeOutcome(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const { data, errors } = payload as { data?: unknown; errors?: unknown };
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  if (data !== undefined) return 'partial';
  const code = (errors[0] as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

/** The outcome of a finished request: the envelope's when it had errors, else from the status. */
export function requestOutcome(envelope: string | undefined, status: number): string {
  if (envelope !== undefined) return envelope;
  if (status < 400) return 'ok';
  return STATUS_OUTCOMES[status] ?? `http ${status}`;
}
