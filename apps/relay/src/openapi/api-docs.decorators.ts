import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../observe/dto/error-envelope.dto';
import { ObservableDto } from '../observe/dto/observable.dto';
import {
  DeliberateResponseDto,
  ObserveResponseDto,
  ReferResponseDto,
} from '../observe/dto/relay-responses.dto';
import {
  DELIBERATE_RESPONSES,
  HEALTH_RESPONSES,
  OBSERVABLES_REQUEST,
  OBSERVE_RESPONSES,
  REFER_RESPONSES,
  WATCHDOG_RESPONSES,
} from './examples';
import { HealthResponseDto, VersionResponseDto, WatchdogResponseDto } from './operations.dto';

type Examples = Record<string, { summary: string; value: unknown }>;

const ENVELOPE_NOTE =
  'Errors are answered with HTTP 200 and the error envelope, as Threat Response expects.';

/** A 200 answer that is either `success` or the error envelope, with examples of both. */
function okOrEnvelope(success: Type<unknown>, examples: Examples): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(success, ErrorEnvelopeDto),
    ApiOkResponse({
      description: `${success.name.replace(/Dto$/, '')} or the error envelope. ${ENVELOPE_NOTE}`,
      schema: {
        oneOf: [{ $ref: getSchemaPath(success) }, { $ref: getSchemaPath(ErrorEnvelopeDto) }],
      },
      examples,
    }),
  );
}

const observablesBody = () =>
  ApiBody({ type: ObservableDto, isArray: true, examples: OBSERVABLES_REQUEST });

export const ApiObserveDocs = () =>
  applyDecorators(
    ApiTags('threat response'),
    ApiBearerAuth(),
    ApiOperation({
      summary:
        'Look observables up in OTX and answer CTIM sightings, indicators, relationships, ' +
        'judgements and verdicts',
      description: 'The body is validated before the token is checked.',
    }),
    observablesBody(),
    okOrEnvelope(ObserveResponseDto, OBSERVE_RESPONSES),
  );

export const ApiDeliberateDocs = () =>
  applyDecorators(
    ApiTags('threat response'),
    ApiBearerAuth(),
    ApiOperation({
      summary: "One CTIM verdict per observable, from OTX's evidence (no pulse is walked)",
      description:
        'The body is validated before the token is checked. Clean: OTX allow-lists the value ' +
        'or accepted a false positive; Malicious: pulses by VERDICT_MIN_AUTHORS distinct ' +
        'authors, one modified within VERDICT_RECENT_DAYS, and no popularity marker; ' +
        'Suspicious: any other pulse. No evidence: no verdict.',
    }),
    observablesBody(),
    okOrEnvelope(DeliberateResponseDto, DELIBERATE_RESPONSES),
  );

export const ApiReferDocs = () =>
  applyDecorators(
    ApiTags('threat response'),
    ApiOperation({ summary: 'Links to the OTX web UI for each supported observable (no token)' }),
    observablesBody(),
    okOrEnvelope(ReferResponseDto, REFER_RESPONSES),
  );

export const ApiHealthDocs = () =>
  applyDecorators(
    ApiTags('threat response'),
    ApiBearerAuth(),
    ApiOperation({ summary: 'Check that OTX accepts the API key carried by the token' }),
    okOrEnvelope(HealthResponseDto, HEALTH_RESPONSES),
  );

export const ApiVersionDocs = () =>
  applyDecorators(
    ApiTags('threat response'),
    ApiOperation({ summary: "The relay's version (no token, no data wrapper)" }),
    ApiOkResponse({ type: VersionResponseDto, example: { version: '0.1.0' } }),
  );

export const ApiWatchdogDocs = () =>
  applyDecorators(
    ApiTags('operations'),
    ApiOperation({ summary: 'Liveness probe: echoes the Health-Check header (no token)' }),
    ApiHeader({ name: 'Health-Check', required: true, example: 'alive' }),
    okOrEnvelope(WatchdogResponseDto, WATCHDOG_RESPONSES),
  );
