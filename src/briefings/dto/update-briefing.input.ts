import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';

/** A briefing's metadata; its text and statements are the record and do not change. Only the fields given change. */
@InputType()
export class UpdateBriefingInput {
  @Field(() => String, { nullable: true })
  @ValidateIf((o: UpdateBriefingInput) => o.title !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title?: string;

  @Field(() => String, { nullable: true })
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

  @Field(() => String, { nullable: true })
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

  @Field(() => ID, { nullable: true, description: 'null detaches the briefing from its dialogue.' })
  @IsOptional()
  dialogueId?: string | null;
}
