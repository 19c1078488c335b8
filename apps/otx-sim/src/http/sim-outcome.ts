import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * What the simulator does instead of a normal answer: reply with a fixed status and body, never
 * answer (`hang`), or destroy the connection (`reset`).
 */
export type SimOutcome =
  | { kind: 'reply'; status: number; body: string; contentType: string }
  | { kind: 'hang' }
  | { kind: 'reset' };

const JSON_TYPE = 'application/json';

/** A JSON `{"detail": ...}` answer, the error shape OTX (Django REST Framework) uses. */
export function detailOutcome(status: number, detail: string): SimOutcome {
  return { kind: 'reply', status, body: JSON.stringify({ detail }), contentType: JSON_TYPE };
}

/** A raw answer; the default body is OTX's `{"detail": "<reason phrase>"}`. */
export function replyOutcome(status: number, body?: string, contentType?: string): SimOutcome {
  if (body === undefined) return detailOutcome(status, STATUS_CODES[status] ?? 'Error');
  return { kind: 'reply', status, body, contentType: contentType ?? guessContentType(body) };
}

function guessContentType(body: string): string {
  try {
    JSON.parse(body);
    return JSON_TYPE;
  } catch {
    return 'text/plain; charset=utf-8';
  }
}

/** Carries an outcome from a service to the exception filter that plays it. */
export class SimOutcomeException extends Error {
  constructor(readonly outcome: SimOutcome) {
    super(outcome.kind === 'reply' ? `simulated ${outcome.status}` : `simulated ${outcome.kind}`);
    this.name = 'SimOutcomeException';
  }

  /** Shorthand for a `{"detail": ...}` error answer. */
  static detail(status: number, detail: string): SimOutcomeException {
    return new SimOutcomeException(detailOutcome(status, detail));
  }
}

/** Plays an outcome on a Fastify reply. */
export function playOutcome(reply: FastifyReply, outcome: SimOutcome): void {
  if (outcome.kind === 'reply') {
    void reply
      .status(outcome.status)
      .header('content-type', outcome.contentType)
      .send(outcome.body);
    return;
  }
  // Fastify must not answer on its own once we take the connection over.
  reply.hijack();
  // A hung request stays open until the client gives up or the app closes (forceCloseConnections).
  if (outcome.kind === 'reset') reply.raw.socket?.destroy();
}
