import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SimOutcomeException } from '../http/sim-outcome';
import { OTX_KEY_HEADER, OTX_SIM_OPTIONS } from '../otx-sim.constants';
import { userForKey, type OtxSimOptions } from '../otx-sim.options';

/**
 * Lets a request through only with a known `X-OTX-API-KEY` (else 403 `Invalid API key`), and
 * adds the headers OTX puts on keyed answers (docs/otx-api.md §1).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(OTX_SIM_OPTIONS) private readonly options: OtxSimOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const user = userForKey(this.options, request.headers[OTX_KEY_HEADER]);
    if (user === undefined) throw SimOutcomeException.detail(403, 'Invalid API key');
    // Set before the handler runs so error answers (404, 400, faults) carry them too, as on OTX.
    void http
      .getResponse<FastifyReply>()
      .headers({ 'X-OTX-ACTIVE': '1', 'X-Remote-User-Name': user });
    return true;
  }
}
