import { AuthPrincipal, Principal, Public } from '@app/auth';
import { Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { RelayResponse } from '../errors/relay-error';
import { relayErrors } from '../errors/relay-errors';
import { RelayException } from '../errors/relay.exception';
import { RequestFacts, ThisRequest } from '../logging/request-context';
import { ObserveService } from '../observe/observe.service';
import { ApiHealthDocs, ApiVersionDocs, ApiWatchdogDocs } from '../openapi/api-docs.decorators';
import { version } from '../../../../package.json';

/** `/health`, `/version` and `/watchdog` (contract §1.1, §5). */
@Controller()
export class HealthController {
  constructor(private readonly observeService: ObserveService) {}

  /** Threat Response's health check: is the OTX key in the token accepted by OTX? */
  @Post('health')
  @HttpCode(200)
  @ApiHealthDocs()
  health(
    @Principal() principal: AuthPrincipal,
    @ThisRequest() request?: RequestFacts,
  ): Promise<RelayResponse<{ status: 'ok' }>> {
    return this.observeService.health(principal, request);
  }

  @Post('version')
  @HttpCode(200)
  @Public()
  @ApiVersionDocs()
  version(): { version: string } {
    return { version };
  }

  /** Liveness probe of the hosting platform: echoes the Health-Check header. */
  @Get('watchdog')
  @Public()
  @ApiWatchdogDocs()
  watchdog(@Headers('health-check') healthCheck: string | undefined): RelayResponse<string> {
    if (healthCheck === undefined) {
      throw new RelayException(relayErrors.healthCheck());
    }
    return { data: healthCheck };
  }
}
