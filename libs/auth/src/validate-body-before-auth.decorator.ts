import { PipeTransform, SetMetadata, Type } from '@nestjs/common';
import { VALIDATE_BODY_BEFORE_AUTH_KEY } from './auth.constants';

/**
 * Makes {@link JwtAuthGuard} run `pipe` over the request body before checking the token, so an
 * invalid body is reported even without a token (contract §4.1, `/observe/observables`).
 */
export const ValidateBodyBeforeAuth = (
  pipe: Type<PipeTransform>,
): MethodDecorator & ClassDecorator => SetMetadata(VALIDATE_BODY_BEFORE_AUTH_KEY, pipe);
