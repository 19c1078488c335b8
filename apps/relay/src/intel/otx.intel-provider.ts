import { AuthPrincipal } from '@app/auth';
import {
  buildOtxBundle,
  mergeIndicators,
  Observable,
  OtxMatchItem,
  Reference,
  referenceFromObservable,
} from '@app/ctim';
import { OtxClient, OtxException, OtxIndicatorLookup, OtxSession } from '@app/otx';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RelaySettings } from '../config/relay.config';
import { InjectRelaySettings } from '../config/relay-settings';
import { otxErrorToRelayError } from '../errors/otx-error.mapper';
import { lookupErrors } from '../errors/otx-lookup-errors';
import { RelayError } from '../errors/relay-error';
import { unexpectedError } from '../errors/relay-errors';
import { recordOtxCalls } from '../logging/request-context';
import { IntelProvider, ObserveResult } from './intel-provider';

/**
 * AlienVault OTX as an intel provider: the lookup is `@app/otx`'s (contract §6.4), the entities
 * `@app/ctim`'s (§7); this maps one to the other and failures to the envelope (§6.8).
 */
@Injectable()
export class OtxIntelProvider implements IntelProvider {
  readonly name = 'AlienVault OTX';

  constructor(
    private readonly otx: OtxClient,
    @InjectRelaySettings()
    private readonly config: Pick<RelaySettings, 'otxBaseUrl' | 'requestDeadlineMs'>,
  ) {}

  async observe(observables: Observable[], principal: AuthPrincipal): Promise<ObserveResult> {
    const lookup = await this.session(principal).lookupMany(observables);
    const items = lookup.indicators.flatMap((i) => matchItems(i, principal.entitiesLimit));
    const bundle = buildOtxBundle(items, {
      newUuid: randomUUID,
      otxUiBaseUrl: this.config.otxBaseUrl,
    });
    return {
      bundle: mergeIndicators(bundle),
      errors: lookupErrors(lookup, this.config.requestDeadlineMs),
    };
  }

  refer(observables: Observable[]): Reference[] {
    return observables
      .map((o) => referenceFromObservable(o, this.config.otxBaseUrl))
      .filter((r): r is Reference => r !== null);
  }

  async health(principal: AuthPrincipal): Promise<RelayError | null> {
    try {
      await this.session(principal).checkUser();
      return null;
    } catch (error) {
      if (!(error instanceof OtxException)) return unexpectedError(error, 'checking OTX health');
      return otxErrorToRelayError(error, 'fatal', this.config.requestDeadlineMs);
    }
  }

  /** A session for this request, counted in its log line, with the request's deadline. */
  private session(principal: AuthPrincipal): OtxSession {
    // A margin leaves time to answer before the caller gives up on us.
    const deadlineAt = Date.now() + this.config.requestDeadlineMs - 250;
    return recordOtxCalls(this.otx.session(principal.apiKey, { deadlineAt }));
  }
}

/** The newest `limit` records of an indicator, once per caller observable it stands for. */
function matchItems(indicator: OtxIndicatorLookup, limit: number): OtxMatchItem[] {
  const kept = indicator.memberships.slice(0, limit);
  return indicator.observables.flatMap((observable) =>
    kept.map(({ pulse, match }) => ({ observable, pulse, match })),
  );
}
