import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { SourceSpanInput } from '../../sources/dto/source-span.input';
import { CommitmentKind, DatePrecision } from '../commitment.enums';
import { CommitmentPartyInput } from './create-commitment.input';

/** Optional, but when given it must hold a value (null is refused, not written). */
const IsGiven = () => ValidateIf((_object, value) => value !== undefined);

/**
 * Only the fields given change; lists (topicIds, parties, sources) replace when given.
 * The status is not changed here (it changes through events).
 */
@InputType()
export class UpdateCommitmentInput {
  @Field(() => String, { nullable: true })
  @IsGiven()
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsGiven()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text?: string;

  @Field(() => CommitmentKind, { nullable: true })
  @IsGiven()
  @IsEnum(CommitmentKind)
  kind?: CommitmentKind;

  @Field(() => CalendarDate, { nullable: true, description: 'null removes the due date.' })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => DatePrecision, { nullable: true })
  @IsOptional()
  @IsEnum(DatePrecision)
  dueDatePrecision?: DatePrecision | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  topicIds?: string[] | null;

  @Field(() => [CommitmentPartyInput], { nullable: true, description: 'Parties that stay keep their status.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested()
  @Type(() => CommitmentPartyInput)
  parties?: CommitmentPartyInput[] | null;

  @Field(() => [SourceSpanInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  sources?: SourceSpanInput[] | null;

  @Field(() => Int, { nullable: true, description: 'The version you read; refused with CONFLICT if the commitment has changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}
