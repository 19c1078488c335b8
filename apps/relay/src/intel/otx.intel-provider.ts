import { AuthPrincipal } from '@app/auth';
import {
  buildOtxBundle,
  Observable,
  OtxMatchItem,
  Reference,
  referenceFromObservable,
} from '@app/ctim';
import { OtxClient, OtxException, OtxPulse, OtxPulseIndicator, OtxSession } from '@app/otx';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { RELAY_CONFIG, RelayConfig } from '../config/relay.config';
import { otxErrorToRelayError } from '../errors/otx-error.mapper';
import { recordOtxCalls } from '../logging/request-context';
import { RelayError } from '../errors/relay-error';
import { IntelProvider, ObserveResult } from './intel-provider';
import { mergeIndicators } from './merge-indicators';
import { groupObservables, LookupGroup, PulseWalk, pulsesOfType } from './otx-lookup-plan';
import { PulseWalkBatcher } from './pulse-walk-batcher';
import { deadlineError, pageCapWarning } from './otx-warnings';

type Found = { pulse: OtxPulse; match: OtxPulseIndicator };

/** What one observe request collects while it runs. */
class Collector {
  readonly errors: RelayError[] = [];
  readonly unfinished = new Set<LookupGroup>();
  readonly found = new Map<LookupGroup, Found[]>();

  /** A lookup cut by the deadline is listed once; other failures are reported as they are. */
  fail(error: unknown, group: LookupGroup, type: RelayError['type']): void {
    if (error instanceof OtxException && error.code === 'DEADLINE') this.unfinished.add(group);
    else this.errors.push(toRelayError(error, type));
  }

  add(group: LookupGroup, found: Found): void {
    const list = this.found.get(group);
    if (list) list.push(found);
    else this.found.set(group, [found]);
  }
}

/**
 * AlienVault OTX as an intel provider: contract §6.4, with each observable looked up once,
 * each pulse walked once for all the observables it lists, and a deadline for the whole request.
 */
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
    const session = this.session(principal);
    const groups = groupObservables(observables);
    const run = new Collector();
    const batcher = new PulseWalkBatcher(groups.length, Date.now(), (walk) =>
      walkPulse(session, walk, run),
    );
    await Promise.all(
      groups.map(async (group) => {
        let pulses: OtxPulse[] = [];
        try {
          pulses = await candidatePulses(session, group);
        } catch (error) {
          run.fail(error, group, 'fatal');
        }
        batcher.answered(group, pulses);
      }),
    );
    await batcher.done();
    const items = groups.flatMap((g) => itemsOf(g, run.found.get(g), principal.entitiesLimit));
    const bundle = buildOtxBundle(items, {
      newUuid: randomUUID,
      otxUiBaseUrl: this.config.otxBaseUrl,
    });
    const errors = [...run.errors];
    if (run.unfinished.size > 0) {
      errors.push(deadlineError([...run.unfinished], this.config.requestDeadlineMs));
    }
    return { bundle: mergeIndicators(bundle), errors };
  }

  /** A session for this request, counted in its log line, with the request's deadline. */
  private session(principal: AuthPrincipal): OtxSession {
    // A margin leaves time to answer before the caller gives up on us.
    const deadlineAt = Date.now() + this.config.requestDeadlineMs - 250;
    return recordOtxCalls(this.otx.session(principal.apiKey, { deadlineAt }));
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
      return toRelayError(error, 'fatal');
    }
  }
}

/** General lookup, then the pulses that list the indicator's OTX type. */
async function candidatePulses(session: OtxSession, group: LookupGroup): Promise<OtxPulse[]> {
  const general = await session.getGeneral(group.type, group.canonical);
  const baseType = general?.base_indicator?.type;
  // No base indicator type means OTX has no record: "no match" (contract §11 item 8).
  if (!general || typeof baseType !== 'string' || baseType === '') return [];
  return pulsesOfType(general.pulse_info?.pulses, baseType);
}

/** Walks one pulse once for every group that listed it; a failure costs only this pulse. */
async function walkPulse(session: OtxSession, walk: PulseWalk, run: Collector): Promise<void> {
  const wanted = walk.groups.map((g) => ({ type: g.type, value: g.canonical }));
  try {
    const result = await session.findInPulseMany(walk.pulse.id, wanted);
    for (const group of walk.groups) {
      const match = result.matches.get(group.canonical);
      if (match) run.add(group, { pulse: walk.pulse, match });
      else if (!result.complete) run.errors.push(pageCapWarning(walk.pulse, group));
    }
  } catch (error) {
    for (const group of walk.groups) run.fail(error, group, 'warning');
  }
}

/** Newest matches first, at most `limit`, then one item per caller observable of the group. */
function itemsOf(group: LookupGroup, found: Found[] = [], limit: number): OtxMatchItem[] {
  const kept = [...found].sort(newestFirst).slice(0, limit);
  return group.observables.flatMap((observable) =>
    kept.map(({ pulse, match }) => ({ observable, pulse, match })),
  );
}

/** A stable sort keeps OTX's order for equal times, as Python did. */
function newestFirst(a: Found, b: Found): number {
  const [x, y] = [a.match.created, b.match.created];
  return x < y ? 1 : x > y ? -1 : 0;
}

const logger = new Logger(OtxIntelProvider.name);

/** Unexpected errors are logged and reported generically, still without losing other data. */
function toRelayError(error: unknown, type: RelayError['type']): RelayError {
  if (error instanceof OtxException) return otxErrorToRelayError(error, type);
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return { code: 'oops', message: 'Something went wrong.', type };
}
