import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';

@InputType()
export class IngestBriefingInput {
  @Field({ description: 'The exact text of the transcript (stored as given; page chrome is recognised, not removed).' })
  @IsString()
  text: string;

  @Field(() => String, { nullable: true, description: "Overrides the title read from the text's header." })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: "Overrides the header's date; relative dates resolve against it." })
  @IsOptional()
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the text comes from; defaults to the address the text names (a "Source:" line or a bare address in its header).' })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'sourceUrl must be an absolute URL' })
  @MaxLength(2000)
  sourceUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'Defaults to the only dialogue when there is exactly one.' })
  @IsOptional()
  dialogueId?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Parse and report everything, write nothing.' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'Accept every proposed commitment at once.' })
  @IsOptional()
  @IsBoolean()
  acceptAll?: boolean;
}
