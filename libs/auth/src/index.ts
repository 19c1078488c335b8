// Public entry of @app/auth: the only code that reads the Authorization header.
export { AuthModule } from './auth.module';
export { AuthService } from './auth.service';
export { AuthException } from './auth.exception';
export { AUTH_REASONS } from './auth.constants';
export type { AuthModuleOptions, AuthPrincipal } from './auth.interfaces';
export { JwtAuthGuard } from './jwt-auth.guard';
export { Public } from './public.decorator';
export { Principal } from './principal.decorator';
export { parseEntitiesLimit } from './token/entities-limit.util';
