import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { SimFaultConfig, SimFaultRule } from './faults.service';

/** `header` of `POST /_sim/token`. */
export class TokenHeaderDto {
  @IsOptional()
  @IsString()
  kid?: string;
}

/** Body of `POST /_sim/token`. */
export class TokenRequestDto {
  @IsObject()
  claims!: Record<string, unknown>;

  @IsOptional()
  @ValidateNested()
  @Type(() => TokenHeaderDto)
  header?: TokenHeaderDto;

  @IsOptional()
  @IsInt()
  expiresInSec?: number;
}

/** One rule of `PUT /_sim/faults`. */
export class FaultRuleDto implements SimFaultRule {
  @IsString()
  path!: string;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;

  @IsOptional()
  @IsString()
  body?: string;

  @IsOptional()
  @IsString()
  contentType?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  delayMs?: number;

  @IsOptional()
  @IsBoolean()
  hang?: boolean;

  @IsOptional()
  @IsBoolean()
  reset?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  times?: number;
}

/** Body of `PUT /_sim/faults`. */
export class FaultConfigDto implements SimFaultConfig {
  @IsOptional()
  @IsInt()
  @Min(0)
  latencyMs?: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FaultRuleDto)
  rules!: FaultRuleDto[];
}
