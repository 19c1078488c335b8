import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OTX_MODULE_OPTIONS } from './otx.module-definition';
import { OtxHttpSession } from './otx.session';
import { OtxTransport } from './otx.transport';
import { OtxModuleOptions, OtxSession } from './otx.types';

/** Entry point to AlienVault OTX: hands out one {@link OtxSession} per relay request. */
@Injectable()
export class OtxClient {
  private readonly logger = new Logger(OtxClient.name);
  private readonly transport: OtxTransport;

  constructor(
    http: HttpService,
    @Inject(OTX_MODULE_OPTIONS) private readonly options: OtxModuleOptions,
  ) {
    assertValidOptions(options);
    this.transport = new OtxTransport(http, options, this.logger);
  }

  /**
   * A session that sends `apiKey` as `X-OTX-API-KEY` and runs at most
   * `options.concurrency` requests at once. Never throws; a key that cannot be
   * sent as a header makes every call reject with `UNAUTHORIZED`.
   */
  session(apiKey: string): OtxSession {
    return new OtxHttpSession(this.transport, this.options, apiKey);
  }
}

/** Fails at start-up rather than on the first request (p-limit, for one, throws on 0). */
function assertValidOptions(options: OtxModuleOptions): void {
  const counts = ['timeoutMs', 'maxPages', 'concurrency', 'pageSize'] as const;
  const bad: string[] = counts.filter((k) => !Number.isInteger(options[k]) || options[k] < 1);
  if (!/^https?:\/\/[^/]/i.test(options.baseUrl)) bad.push('baseUrl');
  if (bad.length > 0) throw new Error(`Invalid OtxModule options: ${bad.join(', ')}`);
}
