import { AuthPrincipal } from '@app/auth';
import {
  buildOtxBundle,
  Observable,
  OtxMatchItem,
  Reference,
  referenceFromObservable,
} from '@app/ctim';
import {
  isOtxQueryableType,
  OtxClient,
  OtxException,
  OtxPulse,
  OtxQueryableType,
  OtxSession,
} from '@app/otx';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { RELAY_CONFIG, RelayConfig } from '../config/relay.config';
import { otxErrorToRelayError } from '../errors/otx-error.mapper';
import { RelayError } from '../errors/relay-error';
import { IntelProvider, ObserveResult } from './intel-provider';

interface ObservableOutcome {
  items: OtxMatchItem[];
  errors: RelayError[];
}

type QueryableObservable = Observable & { type: OtxQueryableType };

/** AlienVault OTX as an intel provider: the observe algorithm of contract §6.4. */
@Injectable()
export class OtxIntelProvider implements IntelProvider {
  readonly name = 'AlienVault OTX';
  private readonly config: RelayConfig;

  constructor(
    private readonly otx: OtxClient,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.config = config.getOrThrow<RelayConfig>(RELAY_CONFIG);
  }

  async observe(observables: Observable[], principal: AuthPrincipal): Promise<ObserveResult> {
    const session = this.otx.session(principal.apiKey);
    // Types OTX cannot be asked about (email, device, user, ...) contribute nothing.
    const queryable = observables.filter((o): o is QueryableObservable =>
      isOtxQueryableType(o.type),
    );
    const outcomes = await Promise.all(
      queryable.map((o) => this.observeOne(session, o, principal.entitiesLimit)),
    );
    const bundle = buildOtxBundle(
      outcomes.flatMap((o) => o.items),
      { newUuid: randomUUID, otxUiBaseUrl: this.config.otxBaseUrl },
    );
    return { bundle, errors: outcomes.flatMap((o) => o.errors) };
  }

  refer(observables: Observable[]): Reference[] {
    return observables
      .map((o) => referenceFromObservable(o, this.config.otxBaseUrl))
      .filter((r): r is Reference => r !== null);
  }

  async health(principal: AuthPrincipal): Promise<RelayError | null> {
    try {
      await this.otx.session(principal.apiKey).checkUser();
      return null;
    } catch (error) {
      return toRelayError(error, 'fatal');
    }
  }

  private async observeOne(
    session: OtxSession,
    observable: QueryableObservable,
    limit: number,
  ): Promise<ObservableOutcome> {
    let pulses: OtxPulse[];
    try {
      pulses = await this.candidatePulses(session, observable);
    } catch (error) {
      return { items: [], errors: [toRelayError(error, 'fatal')] };
    }
    const searches = await Promise.allSettled(
      pulses.map((pulse) => session.findInPulse(pulse.id, observable.value)),
    );
    const items: OtxMatchItem[] = [];
    const errors: RelayError[] = [];
    searches.forEach((search, i) => {
      const pulse = pulses[i];
      if (search.status === 'rejected') {
        // One pulse failing must not drop the others' matches (contract §11 item 7).
        errors.push(toRelayError(search.reason, 'warning'));
        return;
      }
      if (search.value.match) items.push({ observable, pulse, match: search.value.match });
      else if (!search.value.complete) errors.push(pageCapWarning(pulse, observable));
    });
    return { items: newestFirst(items).slice(0, limit), errors };
  }

  /** General lookup, then the pulses that list the observable's OTX type (contract §6.4 3). */
  private async candidatePulses(
    session: OtxSession,
    observable: QueryableObservable,
  ): Promise<OtxPulse[]> {
    const general = await session.getGeneral(observable.type, observable.value);
    const baseType = general?.base_indicator?.type;
    // No base indicator type means OTX has no record: "no match" (contract §11 item 8).
    if (!general || typeof baseType !== 'string' || baseType === '') return [];
    const pulses = Array.isArray(general.pulse_info?.pulses) ? general.pulse_info.pulses : [];
    return pulses.filter(
      (p) =>
        typeof p?.id === 'string' &&
        p.indicator_type_counts != null &&
        Object.prototype.hasOwnProperty.call(p.indicator_type_counts, baseType),
    );
  }
}

/** Newest `created` first; a stable sort keeps OTX's order for equal times, as Python did. */
function newestFirst(items: OtxMatchItem[]): OtxMatchItem[] {
  return [...items].sort((a, b) =>
    a.match.created < b.match.created ? 1 : a.match.created > b.match.created ? -1 : 0,
  );
}

function pageCapWarning(pulse: OtxPulse, observable: Observable): RelayError {
  return {
    code: 'pulse search incomplete',
    message:
      `Pulse ${pulse.id} has more indicator pages than OTX_MAX_PAGES allows; ` +
      `${observable.type} ${observable.value} was not found in the pages searched.`,
    type: 'warning',
  };
}

const logger = new Logger(OtxIntelProvider.name);

/** Unexpected errors are logged and reported generically, still without losing other data. */
function toRelayError(error: unknown, type: RelayError['type']): RelayError {
  if (error instanceof OtxException) return otxErrorToRelayError(error, type);
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return { code: 'oops', message: 'Something went wrong.', type };
}
