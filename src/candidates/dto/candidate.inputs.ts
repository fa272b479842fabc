import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CommitmentKind, DatePrecision } from '../../commitments/commitment.enums';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';

@InputType()
export class CandidatePartyInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsString()
  country?: string | null;
}

/** Staff's corrections to a candidate before (or while) accepting it. Only given fields change. */
@InputType()
export class ReviseCandidateInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string | null;

  @Field(() => CommitmentKind, { nullable: true })
  @IsOptional()
  @IsEnum(CommitmentKind)
  kind?: CommitmentKind | null;

  @Field(() => CalendarDate, { nullable: true })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  @IsOptional()
  @IsEnum(DatePrecision)
  dueDatePrecision?: DatePrecision | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  topicIds?: string[] | null;

  @Field(() => [CandidatePartyInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => CandidatePartyInput)
  parties?: CandidatePartyInput[] | null;
}
