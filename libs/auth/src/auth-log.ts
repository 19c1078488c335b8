/**
 * A log message for Nest's `Logger`: plain text, or with the `requestId` of the request whose
 * token is checked, which nestjs-pino writes as a field of the line (contract §13.1).
 */
export function authLogMessage(
  msg: string,
  requestId: string | undefined,
): string | { requestId: string; msg: string } {
  return requestId === undefined ? msg : { requestId, msg };
}
