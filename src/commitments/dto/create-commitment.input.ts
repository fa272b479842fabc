import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { SourceSpanInput } from '../../sources/dto/source-span.input';
import { CommitmentKind, DatePrecision } from '../commitment.enums';

/** One obligated party: exactly one of an organisation or a country. */
@InputType()
export class CommitmentPartyInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code, e.g. MX.' })
  @IsOptional()
  @IsString()
  country?: string | null;
}

@InputType()
export class CreateCommitmentInput {
  @Field({ description: 'A short label, e.g. "DHS review of border security".' })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title: string;

  @Field({ description: 'What was undertaken, in the words of the record or a close paraphrase.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text: string;

  @Field(() => CommitmentKind)
  @IsEnum(CommitmentKind)
  kind: CommitmentKind;

  @Field(() => CalendarDate, { nullable: true })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: 'DAY when a dueDate is given without one; NONE when there is no dueDate.' })
  @IsOptional()
  @IsEnum(DatePrecision)
  dueDatePrecision?: DatePrecision | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  dialogueId?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  topicIds?: string[] | null;

  @Field(() => [CommitmentPartyInput], { nullable: true, description: 'Who is obligated; each starts ANNOUNCED.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested()
  @Type(() => CommitmentPartyInput)
  parties?: CommitmentPartyInput[] | null;

  @Field(() => [SourceSpanInput], { nullable: true, description: 'The exact words that announced it.' })
  @IsOptional()
  @ArrayMaxSize(50)
  sources?: SourceSpanInput[] | null;
}
