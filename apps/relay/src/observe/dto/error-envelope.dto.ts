import { ApiProperty } from '@nestjs/swagger';

/** One entry of the Threat Response error envelope (contract §3.2). */
export class RelayErrorDto {
  @ApiProperty({
    description: 'Stable error code; clients branch on it',
    example: 'invalid payload received',
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
    description:
      'Usually one error. Codes include `invalid payload received`, `authorization error`, ' +
      '`health check failed`, `oops` and `ssl certificate verification failed`.',
    example: [
      {
        code: 'authorization error',
        message: 'Authorization failed: Authorization header is missing',
        type: 'fatal',
      },
    ],
  })
  errors!: RelayErrorDto[];
}
