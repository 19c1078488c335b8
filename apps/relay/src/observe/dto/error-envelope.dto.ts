import { ApiProperty } from '@nestjs/swagger';
import { RELAY_ERROR_CODES } from '../../errors/relay-errors';

const CODES = Object.values(RELAY_ERROR_CODES);

/** One entry of the Threat Response error envelope (contract §3.2). */
export class RelayErrorDto {
  @ApiProperty({
    description: 'Stable error code; clients branch on it (contract §3.3)',
    enum: CODES,
    example: RELAY_ERROR_CODES.invalidPayload,
  })
  code!: string;

  @ApiProperty({
    description: 'Human-readable message (its wording may change)',
    example:
      'Invalid JSON payload received. {"0": {"value": ["Missing data for required field."]}}.',
  })
  message!: string;

  @ApiProperty({ enum: ['fatal', 'warning'], example: 'fatal' })
  type!: 'fatal' | 'warning';
}

/** How every error is answered: HTTP 200 with this body (contract §3.2). */
export class ErrorEnvelopeDto {
  @ApiProperty({
    type: [RelayErrorDto],
    description: `Usually one error. The codes: ${CODES.map((c) => `\`${c}\``).join(', ')}.`,
    example: [
      {
        code: RELAY_ERROR_CODES.authorization,
        message: 'Authorization failed: Authorization header is missing',
        type: 'fatal',
      },
    ],
  })
  errors!: RelayErrorDto[];
}
