import { Controller, Get, Header, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StatsService } from '../control/stats.service';
import { sendChunked } from '../http/chunked-body';
import { decodeSegment, rawUrlParts, requestOrigin } from '../http/raw-url';
import { SimOutcomeException } from '../http/sim-outcome';
import { OTX_SIM_OPTIONS } from '../otx-sim.constants';
import type { OtxSimOptions } from '../otx-sim.options';
import { ApiKeyGuard } from './api-key.guard';
import { IndicatorsService } from './indicators.service';
import { PulsesService } from './pulses.service';
import { UserService } from './user.service';

// Position of `{value}` in /api/v1/indicators/{slug}/{value}/{section}, split on '/'.
const VALUE_SEGMENT = 5;

/** The OTX DirectConnect routes the relay uses; all need a known `X-OTX-API-KEY`. */
@Controller('api/v1')
@UseGuards(ApiKeyGuard)
export class OtxController {
  constructor(
    @Inject(OTX_SIM_OPTIONS) private readonly options: OtxSimOptions,
    private readonly users: UserService,
    private readonly indicators: IndicatorsService,
    private readonly pulses: PulsesService,
    private readonly stats: StatsService,
  ) {}

  @Get(['user/me', 'users/me'])
  me(@Req() request: FastifyRequest): Record<string, unknown> {
    return this.users.me(request.headers['x-otx-api-key']);
  }

  @Get('indicators/:slug/:value/:section')
  @Header('Cache-Control', 'max-age=0')
  indicator(
    @Req() request: FastifyRequest,
    @Param('slug') slug: string,
    @Param('section') section: string,
  ): Record<string, unknown> {
    // Decode the raw segment ourselves, once, so %2F and %25 mean what the client meant.
    const value = decodeSegment(rawUrlParts(request).path.split('/')[VALUE_SEGMENT] ?? '');
    if (value === undefined) throw SimOutcomeException.detail(400, 'Malformed indicator value.');
    return this.indicators.section(slug, value, section);
  }

  /** Pages can be megabytes: written in chunks, each counted once the socket takes it. */
  @Get('pulses/:id/indicators')
  async pulseIndicators(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
  ): Promise<void> {
    const { path, query } = rawUrlParts(request);
    const page = this.pulses.indicatorsPage(id, {
      baseUrl: `${requestOrigin(request)}${path}`,
      query,
    });
    const { chunkBytes, chunkDelayMs: delayMs } = this.options;
    await sendChunked(reply, page, { chunkBytes, delayMs }, (bytes) =>
      this.stats.sent('pulseIndicators', bytes),
    );
  }
}
