import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  PipeTransform,
  SetMetadata,
  Type,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';

const VALIDATE_BODY_BEFORE_AUTH = Symbol('relay:validate-body-before-auth');
const VALIDATED_BODY = Symbol('relay:validated-body');

/** A request whose body {@link BodyBeforeAuthGuard} validated. */
interface RequestWithValidatedBody {
  body?: unknown;
  [VALIDATED_BODY]?: { value: unknown };
}

/**
 * Makes {@link BodyBeforeAuthGuard} run `pipe` over the body before the token is checked, so an
 * invalid body is reported even without a token, as the original relay did (contract §4.1). The
 * handler reads what the pipe returned with {@link ValidatedBody}: the body is validated once.
 */
export const ValidateBodyBeforeAuth = (
  pipe: Type<PipeTransform>,
): MethodDecorator & ClassDecorator => SetMetadata(VALIDATE_BODY_BEFORE_AUTH, pipe);

/** Injects the body as the route's `@ValidateBodyBeforeAuth` pipe returned it. */
export const ValidatedBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => {
    const validated = context.switchToHttp().getRequest<RequestWithValidatedBody>()[VALIDATED_BODY];
    if (!validated) {
      throw new Error('No validated body on this request: is the route @ValidateBodyBeforeAuth?');
    }
    return validated.value;
  },
);

/**
 * A global guard registered before the JWT guard: on a route marked `@ValidateBodyBeforeAuth`,
 * runs the pipe (the instance the app registered) over the body and keeps what it returned;
 * whatever the pipe throws is the answer. Every other route passes untouched.
 */
@Injectable()
export class BodyBeforeAuthGuard implements CanActivate {
  // Route metadata never changes once the app runs: the pipe is found once per handler and class
  // (null: the route has none), and a route without one passes without a promise to await.
  private readonly pipes = new WeakMap<object, WeakMap<object, PipeTransform | null>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const pipe = this.pipeOf(context);
    return pipe ? this.validate(context, pipe) : true;
  }

  private async validate(context: ExecutionContext, pipe: PipeTransform): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithValidatedBody>();
    const value: unknown = await pipe.transform(request.body, {
      type: 'body',
      metatype: undefined,
      data: undefined,
    });
    request[VALIDATED_BODY] = { value };
    return true;
  }

  private pipeOf(context: ExecutionContext): PipeTransform | null {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byClass = this.pipes.get(handler);
    if (!byClass) this.pipes.set(handler, (byClass = new WeakMap()));
    let pipe = byClass.get(controller);
    if (pipe === undefined) {
      const type = this.reflector.getAllAndOverride<Type<PipeTransform> | undefined>(
        VALIDATE_BODY_BEFORE_AUTH,
        [handler, controller],
      );
      pipe = type ? this.moduleRef.get<PipeTransform>(type, { strict: false }) : null;
      byClass.set(controller, pipe);
    }
    return pipe;
  }
}
