import {
  createParamDecorator,
  ExecutionContext,
  PipeTransform,
  SetMetadata,
  Type,
} from '@nestjs/common';
import { VALIDATE_BODY_BEFORE_AUTH_KEY, VALIDATED_BODY_KEY } from './auth.constants';

/**
 * Makes {@link JwtAuthGuard} run `pipe` over the request body before checking the token, so an
 * invalid body is reported even without a token (contract §4.1, `/observe/observables`). The
 * handler reads what the pipe returned with {@link ValidatedBody}, so the body is validated once.
 */
export const ValidateBodyBeforeAuth = (
  pipe: Type<PipeTransform>,
): MethodDecorator & ClassDecorator => SetMetadata(VALIDATE_BODY_BEFORE_AUTH_KEY, pipe);

/** A request whose body the guard validated. */
export interface RequestWithValidatedBody {
  [VALIDATED_BODY_KEY]?: { value: unknown };
}

/** What the `@ValidateBodyBeforeAuth` pipe returned for this request. */
export function validatedBodyOf(request: RequestWithValidatedBody): unknown {
  const validated = request[VALIDATED_BODY_KEY];
  // Only a route without @ValidateBodyBeforeAuth (or a @Public() one) can get here without it.
  if (!validated)
    throw new Error('No validated body on this request: is the route @ValidateBodyBeforeAuth?');
  return validated.value;
}

/** Injects the body as the route's `@ValidateBodyBeforeAuth` pipe returned it. */
export const ValidatedBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown =>
    validatedBodyOf(context.switchToHttp().getRequest<RequestWithValidatedBody>()),
);
