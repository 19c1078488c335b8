import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { PRINCIPAL_KEY } from './auth.constants';
import { AuthPrincipal } from './auth.interfaces';

/** A request that went through {@link JwtAuthGuard}. */
export interface RequestWithPrincipal {
  [PRINCIPAL_KEY]?: AuthPrincipal;
}

/** Reads the principal the guard attached to this request. */
export function principalOf(request: RequestWithPrincipal): AuthPrincipal {
  const principal = request[PRINCIPAL_KEY];
  // Only a @Public() route can get here without one: a wiring mistake, not a bad token.
  if (!principal) throw new Error('No AuthPrincipal on this request: is the route @Public()?');
  return principal;
}

/** Injects the request's {@link AuthPrincipal} into a handler parameter. */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthPrincipal =>
    principalOf(context.switchToHttp().getRequest<RequestWithPrincipal>()),
);
