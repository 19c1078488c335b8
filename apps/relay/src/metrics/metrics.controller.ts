import { Public } from '@app/auth';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';

const EXAMPLE = [
  '# HELP relay_requests_total Requests answered, by route pattern and outcome',
  '# TYPE relay_requests_total counter',
  'relay_requests_total{route="/observe/observables",outcome="ok"} 42',
].join('\n');

/**
 * `GET /metrics`. Public, like a Prometheus target usually is: keep it private at the network
 * level (a reverse proxy or a port not published), since the JWT guard does not cover it.
 */
@ApiTags('operations')
@Controller()
@Public()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Counters and histograms of requests and OTX calls, and process metrics',
    content: { 'text/plain': { schema: { type: 'string' }, example: EXAMPLE } },
  })
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
