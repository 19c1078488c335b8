import { AuthException } from '@app/auth';
import { OtxException } from '@app/otx';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RelaySettings } from '../config/relay.config';
import { InjectRelaySettings } from '../config/relay-settings';
import { routingError } from '../http/routing-errors';
import { otxErrorToRelayError } from './otx-error.mapper';
import { RelayError } from './relay-error';
import { relayErrors, unexpectedError } from './relay-errors';
import { RelayException } from './relay.exception';

/** Fastify's own errors while reading a body (size, length), reported as invalid payloads. */
const BODY_ERRORS: Record<string, (limit: number) => string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) => `Request body is larger than ${limit} bytes.`,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Request body does not match its Content-Length.',
};

interface FastifyError extends Error {
  code?: string;
  statusCode?: number;
}

/**
 * The single edge where errors become answers. Threat Response reads errors from the body
 * of an HTTP 200 (contract §3.2); only unknown paths and wrong methods are real HTTP errors.
 * Nothing here ever answers 500 or shows a stack trace.
 */
@Catch()
export class RelayExceptionFilter implements ExceptionFilter {
  private readonly bodyLimit: number;
  private readonly deadlineMs: number;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectRelaySettings() settings: Pick<RelaySettings, 'bodyLimitBytes' | 'requestDeadlineMs'>,
  ) {
    this.bodyLimit = settings.bodyLimitBytes;
    this.deadlineMs = settings.requestDeadlineMs;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const routing = routingError(exception, request);
    if (routing) {
      if (routing.allow) void reply.header('Allow', routing.allow);
      this.adapterHost.httpAdapter.reply(reply, routing.body, routing.body.code);
      return;
    }
    const error = this.toRelayError(exception, request);
    this.adapterHost.httpAdapter.reply(reply, { errors: [error] }, 200);
  }

  /** Fastify's body errors arrive raw or, through Nest's adapter, as an HttpException. */
  private bodyError(exception: unknown): string | null {
    const code = (exception as FastifyError | undefined)?.code;
    if (code && code in BODY_ERRORS) return BODY_ERRORS[code](this.bodyLimit);
    if (exception instanceof HttpException && exception.getStatus() === 413) {
      return BODY_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE(this.bodyLimit);
    }
    return null;
  }

  private toRelayError(exception: unknown, request: FastifyRequest): RelayError {
    if (exception instanceof RelayException) return exception.error;
    if (exception instanceof AuthException) return relayErrors.authorization(exception.reason);
    if (exception instanceof OtxException) {
      return otxErrorToRelayError(exception, 'fatal', this.deadlineMs);
    }
    const bodyError = this.bodyError(exception);
    if (bodyError) return RelayException.invalidInput(bodyError).error;
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return relayErrors.oops(exception.message);
    }
    return unexpectedError(exception, `on ${request.method} ${request.url}`, 'fatal', request.id);
  }
}
