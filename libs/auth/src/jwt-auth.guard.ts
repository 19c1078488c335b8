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
  // Route metadata never changes once the app runs: read per handler and class, not per request.
  private readonly publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  /** A public route is let through at once, without a promise to await. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic(context)) return true;
    return this.authenticate(context);
  }

  private async authenticate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // The request id tags what the check logs (contract §13.1).
    const principal = await this.auth.authenticate(
      request.headers.authorization,
      this.expectedAudience(request),
      request.id,
    );
    request[PRINCIPAL_KEY] = principal;
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byClass = this.publicRoutes.get(handler);
    if (!byClass) this.publicRoutes.set(handler, (byClass = new WeakMap()));
    let known = byClass.get(controller);
    if (known === undefined) {
      known =
        this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, controller]) === true;
      byClass.set(controller, known);
    }
    return known;
  }

  /** The configured audience, else the request's URL root (no trailing slash). */
  private expectedAudience(request: FastifyRequest): string {
    if (this.options.audience) return this.options.audience;
    return `${request.protocol}://${request.headers.host ?? ''}`;
  }
}
