import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RelayErrorDto } from './error-envelope.dto';

/** `POST /observe/observables`: CTIM entities, errors beside them when only part was found. */
export class ObserveResponseDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'CTIM bundle: `sightings`, `indicators`, `relationships`, `judgements` and `verdicts`, ' +
      'each `{count, docs}` and present only when not empty; `{}` when nothing was found',
  })
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [RelayErrorDto], description: 'Present when something failed' })
  errors?: RelayErrorDto[];
}

/** `POST /deliberate/observables`: one CTIM Verdict per observable OTX gives evidence about. */
export class DeliberateResponseDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'CTIM bundle with `verdicts` (`{count, docs}`) only; `{}` when no observable has a verdict',
  })
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [RelayErrorDto], description: 'Present when something failed' })
  errors?: RelayErrorDto[];
}

/** One pivot link to the OTX web UI (contract §8). */
export class ReferenceDto {
  @ApiProperty({ example: 'ref-avotx-search-ip-198.51.100.10' })
  id!: string;

  @ApiProperty({ example: 'Search for this IP' })
  title!: string;

  @ApiProperty({ example: 'Lookup this IP on AlienVault OTX' })
  description!: string;

  @ApiProperty({ example: 'https://otx.alienvault.com/indicator/ip/198.51.100.10' })
  url!: string;

  @ApiProperty({ type: [String], example: ['Search', 'AlienVault OTX'] })
  categories!: string[];
}

export class ReferResponseDto {
  @ApiProperty({ type: [ReferenceDto] })
  data!: ReferenceDto[];
}
