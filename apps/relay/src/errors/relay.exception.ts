import { RelayError } from './relay-error';
import { RELAY_ERROR_CODES } from './relay-errors';

/**
 * An error the relay answers in the Threat Response envelope (HTTP 200), e.g. an invalid
 * payload or a failed health check. Library exceptions are mapped by the filter instead.
 */
export class RelayException extends Error {
  constructor(readonly error: RelayError) {
    super(error.message);
    this.name = 'RelayException';
  }

  static invalidPayload(details: Record<string, unknown>): RelayException {
    return new RelayException({
      code: RELAY_ERROR_CODES.invalidPayload,
      message: `Invalid JSON payload received. ${pythonJsonDumps(details)}.`,
      type: 'fatal',
    });
  }

  static invalidInput(reason: string): RelayException {
    return RelayException.invalidPayload({ _schema: [reason] });
  }
}

/**
 * Serialises like Python's `json.dumps` with its default separators and `ensure_ascii`,
 * so validation messages read exactly as the original relay's (contract §2.1).
 */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${asciiString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return asciiString(value);
  return JSON.stringify(value) ?? 'null';
}

function asciiString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
