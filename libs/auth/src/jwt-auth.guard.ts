import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  PipeTransform,
  Type,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  IS_PUBLIC_KEY,
  PRINCIPAL_KEY,
  VALIDATE_BODY_BEFORE_AUTH_KEY,
  VALIDATED_BODY_KEY,
} from './auth.constants';
import { AuthModuleOptions } from './auth.interfaces';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { AuthService } from './auth.service';
import { RequestWithPrincipal } from './principal.decorator';
import { RequestWithValidatedBody } from './validate-body-before-auth.decorator';

type GuardedRequest = FastifyRequest & RequestWithPrincipal & RequestWithValidatedBody;

/**
 * Global guard, deny by default: every route needs a valid token unless marked `@Public()`.
 * Leaves the {@link AuthPrincipal} on the request for `@Principal()`, and what a
 * `@ValidateBodyBeforeAuth` pipe returned for `@ValidatedBody()`.
 * @throws {AuthException} for a refused token; whatever a `@ValidateBodyBeforeAuth` pipe throws.
 */
/** What the guard needs of a route, read once from its metadata. */
interface RouteAuth {
  isPublic: boolean;
  bodyPipe: Type<PipeTransform> | undefined;
}

@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly createdPipes = new Map<Type<PipeTransform>, Promise<PipeTransform>>();
  // Route metadata never changes once the app runs: read per handler and class, not per request.
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAuth>>();

  constructor(
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** A public route is let through at once, without a promise to await. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routeAuth(context);
    if (route.isPublic) return true;
    return this.authenticate(context, route.bodyPipe);
  }

  private async authenticate(
    context: ExecutionContext,
    bodyPipe: Type<PipeTransform> | undefined,
  ): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (bodyPipe) {
      const pipe = await this.pipeInstance(bodyPipe);
      const value: unknown = await pipe.transform(request.body, {
        type: 'body',
        metatype: undefined,
        data: undefined,
      });
      request[VALIDATED_BODY_KEY] = { value };
    }
    const principal = await this.auth.authenticate(
      request.headers.authorization,
      this.expectedAudience(request),
    );
    request[PRINCIPAL_KEY] = principal;
    return true;
  }

  private routeAuth(context: ExecutionContext): RouteAuth {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byClass = this.routes.get(handler);
    if (!byClass) this.routes.set(handler, (byClass = new WeakMap()));
    let route = byClass.get(controller);
    if (!route) {
      const targets = [handler, controller];
      route = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true,
        bodyPipe: this.reflector.getAllAndOverride<Type<PipeTransform> | undefined>(
          VALIDATE_BODY_BEFORE_AUTH_KEY,
          targets,
        ),
      };
      byClass.set(controller, route);
    }
    return route;
  }

  /** The configured audience, else the request's URL root (no trailing slash). */
  private expectedAudience(request: FastifyRequest): string {
    if (this.options.audience) return this.options.audience;
    return `${request.protocol}://${request.headers.host ?? ''}`;
  }

  private pipeInstance(pipe: Type<PipeTransform>): Promise<PipeTransform> {
    try {
      return Promise.resolve(this.moduleRef.get(pipe, { strict: false }));
    } catch {
      // Not registered as a provider anywhere: build one (once) with its dependencies.
      let created = this.createdPipes.get(pipe);
      if (!created) {
        created = this.moduleRef.create(pipe).catch((err: unknown) => {
          this.createdPipes.delete(pipe);
          throw err;
        });
        this.createdPipes.set(pipe, created);
      }
      return created;
    }
  }
}
