import { Body, Controller, Get, HttpCode, Post, Put, ValidationPipe } from '@nestjs/common';
import { BenchCorpus, type BenchCorpusInfo } from '../bench/bench-corpus';
import { SimOutcomeException } from '../http/sim-outcome';
import { SimKeysService } from '../jwks/sim-keys.service';
import { FaultConfigDto, TokenRequestDto } from './control.dto';
import { FaultsService, type SimFaultConfig } from './faults.service';
import { PageCache, type PageCacheStats } from '../otx/page-cache';
import { StatsService, type SimStats } from './stats.service';

const strict = new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true });

/** The simulator's control API (no key needed): tokens, counters and fault injection. */
@Controller('_sim')
export class ControlController {
  constructor(
    private readonly keys: SimKeysService,
    private readonly stats: StatsService,
    private readonly faults: FaultsService,
    private readonly bench: BenchCorpus,
    private readonly pages: PageCache,
  ) {}

  @Post('token')
  @HttpCode(200)
  token(@Body(strict) body: TokenRequestDto): { token: string } {
    try {
      return {
        token: this.keys.mint(body.claims, {
          kid: body.header?.kid,
          expiresInSec: body.expiresInSec,
        }),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw SimOutcomeException.detail(400, `cannot sign these claims: ${reason}`);
    }
  }

  @Get('stats')
  getStats(): SimStats & { pageCache: PageCacheStats } {
    return { ...this.stats.snapshot(), pageCache: this.pages.stats() };
  }

  @Post('reset')
  @HttpCode(200)
  reset(): { reset: true } {
    this.stats.reset();
    this.pages.resetCounters();
    this.faults.clear();
    return { reset: true };
  }

  @Put('faults')
  putFaults(@Body(strict) body: FaultConfigDto): SimFaultConfig {
    this.faults.replace(body);
    return this.faults.current();
  }

  @Get('bench-observables')
  benchObservables(): BenchCorpusInfo {
    return this.bench.info();
  }

  @Get('faults')
  getFaults(): SimFaultConfig {
    return this.faults.current();
  }
}
