import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { detailOutcome, playOutcome, SimOutcomeException } from './sim-outcome';

/**
 * Answers every error the way OTX (Django REST Framework) does, `{"detail": "..."}`, and plays
 * scenario outcomes (raw bodies, hangs, resets) thrown as `SimOutcomeException`.
 */
@Catch()
export class OtxExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(OtxExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof SimOutcomeException) return playOutcome(reply, exception.outcome);
    if (exception instanceof HttpException) {
      return playOutcome(reply, detailOutcome(exception.getStatus(), detailOf(exception)));
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    playOutcome(reply, detailOutcome(500, 'Simulator error.'));
  }
}

function detailOf(exception: HttpException): string {
  // Nest's own 404 says "Cannot GET /x"; DRF says "Not found.".
  if (exception.getStatus() === 404) return 'Not found.';
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? response.message
      : exception.message;
  return Array.isArray(message) ? message.join('; ') : String(message);
}
