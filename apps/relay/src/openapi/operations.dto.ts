import { ApiProperty } from '@nestjs/swagger';

export class HealthStatusDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** `POST /health`: OTX accepted the key of the token. */
export class HealthResponseDto {
  @ApiProperty({ type: HealthStatusDto })
  data!: HealthStatusDto;
}

/** `POST /version`: the only answer without a `data` wrapper (contract §1.1). */
export class VersionResponseDto {
  @ApiProperty({ example: '0.1.0' })
  version!: string;
}

/** `GET /watchdog`: the `Health-Check` header echoed back. */
export class WatchdogResponseDto {
  @ApiProperty({ example: 'alive' })
  data!: string;
}
