import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC_KEY, PRINCIPAL_KEY } from './auth.constants';
import { AuthModuleOptions } from './auth.interfaces';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { AuthService } from './auth.service';
import { RequestWithPrincipal } from './principal.decorator';

type GuardedRequest = FastifyRequest & RequestWithPrincipal;

/**
 * Global guard, deny by default: every route needs a valid token unless marked `@Public()`.
 * Leaves the {@link AuthPrincipal} on the request for `@Principal()`.
 * @throws {AuthException} for a refused token.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.auth.authenticate(
      request.headers.authorization,
      this.expectedAudience(request),
    );
    request[PRINCIPAL_KEY] = principal;
    return true;
  }

  /** The configured audience, else the request's URL root (no trailing slash). */
  private expectedAudience(request: FastifyRequest): string {
    if (this.options.audience) return this.options.audience;
    return `${request.protocol}://${request.headers.host ?? ''}`;
  }
}
