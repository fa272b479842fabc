import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { CreateStatementInput } from '../../statements/dto/create-statement.input';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A briefing from statements given one by one (automatic ingest of raw text is ingestBriefing). */
@InputType()
export class CreateBriefingInput {
  @Field()
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title: string;

  @Field(() => String, { nullable: true, description: 'Special Briefing, Background Press Call, Press Gaggle, ...' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string | null;

  @Field(() => CalendarDate, { nullable: true })
  @IsOptional()
  date?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. Via Teleconference' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  medium?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'sourceUrl must be an http(s) address' })
  @MaxLength(2000)
  sourceUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'HH:MM, 24-hour.' })
  @IsOptional()
  @Matches(HH_MM, { message: 'startTime must be HH:MM (24-hour)' })
  startTime?: string | null;

  @Field(() => String, { nullable: true, description: 'HH:MM, 24-hour.' })
  @IsOptional()
  @Matches(HH_MM, { message: 'endTime must be HH:MM (24-hour)' })
  endTime?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  dialogueId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The exact text. Each statement must occur in it, in order. Omitted: built from the statements ("LABEL: text" opening each turn, blank lines between paragraphs).',
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'text must not be blank' })
  @MaxLength(2_000_000)
  text?: string | null;

  @Field(() => [CreateStatementInput], { description: 'The paragraphs, in the order they were said.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => CreateStatementInput)
  statements: CreateStatementInput[];
}
