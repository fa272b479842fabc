import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, Min, ValidateNested } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { CommitmentStatus } from '../commitment.enums';

/** What a status change rests on; any of the three may be given, together or alone. */
@InputType()
export class EvidenceInput {
  @Field(() => ID, { nullable: true, description: 'A statement that shows it.' })
  @IsOptional()
  statementId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A meeting outcome that shows it.' })
  @IsOptional()
  outcomeId?: string | null;

  @Field(() => String, { nullable: true, description: 'An external address (http or https).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http or https address' })
  url?: string | null;
}

/**
 * A status change, appended to the history as an event (docs/commitment-status.md has the
 * transition table and the rule that derives a commitment's status from its parties').
 */
@InputType()
export class SetCommitmentStatusInput {
  @Field(() => ID)
  @IsNotEmpty()
  id: string;

  @Field(() => CommitmentStatus)
  @IsEnum(CommitmentStatus)
  status: CommitmentStatus;

  @Field(() => ID, { nullable: true, description: 'One CommitmentParty of the commitment; every party (not already in that status) when left out.' })
  @IsOptional()
  party?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: 'When it became true: today when left out; not after today, not before the last change.' })
  @IsOptional()
  validFrom?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;

  @Field(() => EvidenceInput, { nullable: true, description: 'Required for FULFILLED, PARTIALLY_FULFILLED and NOT_FULFILLED.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EvidenceInput)
  evidence?: EvidenceInput | null;

  @Field(() => Int, { nullable: true, description: 'The version you read; CONFLICT if the commitment has changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
