import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthService } from './auth.service';
import { ConfigurableModuleClass } from './auth.module-definition';
import { JwksKeyStore } from './jwks/jwks-key.store';
import { JwtAuthGuard } from './jwt-auth.guard';

/**
 * Token checking for the relay: provides {@link AuthService} and {@link JwtAuthGuard}
 * (register the guard as `APP_GUARD`).
 * @example AuthModule.forRootAsync({ inject: [RELAY_SETTINGS], useFactory: (s) => s.auth })
 */
@Module({
  // No JwtModule options: each verification names its own algorithm and key.
  imports: [JwtModule.register({})],
  providers: [AuthService, JwksKeyStore, JwtAuthGuard],
  exports: [AuthService, JwtAuthGuard],
})
export class AuthModule extends ConfigurableModuleClass {}
