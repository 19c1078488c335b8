import { Controller, Get } from '@nestjs/common';
import type { JsonWebKey } from 'node:crypto';
import { SimKeysService } from './sim-keys.service';

/** The JWKS a relay fetches as `http://<jwks_host>/.well-known/jwks` (no key needed). */
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SimKeysService) {}

  @Get('jwks')
  jwks(): { keys: JsonWebKey[] } {
    return this.keys.jwks();
  }
}
