import { AuthPrincipal, Principal, Public } from '@app/auth';
import { CtimBundle, Observable, Reference } from '@app/ctim';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RelayResponse } from '../errors/relay-error';
import { RequestFacts, ThisRequest } from '../logging/request-context';
import { ApiDeliberateDocs, ApiObserveDocs, ApiReferDocs } from '../openapi/api-docs.decorators';
import { ValidateBodyBeforeAuth, ValidatedBody } from './body-before-auth';
import { ObservablesPipe } from './observables.pipe';
import { ObserveService } from './observe.service';

/** `/observe/observables`, `/deliberate/observables` and `/refer/observables` (contract §6, §14, §8). */
@Controller()
export class ObserveController {
  constructor(private readonly observeService: ObserveService) {}

  /**
   * The body is validated before the token is checked, as the original did (contract §4.1), by
   * BodyBeforeAuthGuard: the handler takes what the pipe returned there instead of validating
   * again.
   */
  @Post('observe/observables')
  @HttpCode(200)
  @ValidateBodyBeforeAuth(ObservablesPipe)
  @ApiObserveDocs()
  observe(
    @ValidatedBody() observables: Observable[],
    @Principal() principal: AuthPrincipal,
    @ThisRequest() request?: RequestFacts,
  ): Promise<RelayResponse<CtimBundle>> {
    return this.observeService.observe(observables, principal, request);
  }

  /** One Verdict per observable (contract §14); the body is validated as for observe. */
  @Post('deliberate/observables')
  @HttpCode(200)
  @ValidateBodyBeforeAuth(ObservablesPipe)
  @ApiDeliberateDocs()
  deliberate(
    @ValidatedBody() observables: Observable[],
    @Principal() principal: AuthPrincipal,
    @ThisRequest() request?: RequestFacts,
  ): Promise<RelayResponse<CtimBundle>> {
    return this.observeService.deliberate(observables, principal, request);
  }

  /** Refer needs no token: it only builds links (contract §8). */
  @Post('refer/observables')
  @HttpCode(200)
  @Public()
  @ApiReferDocs()
  refer(@Body(ObservablesPipe) observables: Observable[]): RelayResponse<Reference[]> {
    return this.observeService.refer(observables);
  }
}
