/**
 * A log message for Nest's `Logger`: plain text, or with the `requestId` of the session whose
 * call it concerns, which nestjs-pino writes as a field of the line (contract §13.1).
 */
export type OtxLogMessage = string | { requestId: string; msg: string };

/** `msg` tagged with `requestId` when there is one. */
export function otxLogMessage(msg: string, requestId: string | undefined): OtxLogMessage {
  return requestId === undefined ? msg : { requestId, msg };
}
