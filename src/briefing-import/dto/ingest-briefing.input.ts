import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsNumber, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_MIN_CONFIDENCE } from '../../ingest/commitment-model';
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

  @Field(() => Float, {
    nullable: true,
    description: `Propose only commitments the model is at least this sure of (0..1). Defaults to ${DEFAULT_MIN_CONFIDENCE}, the threshold chosen from the model's precision/recall table.`,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minConfidence must be a number from 0 to 1' })
  @Min(0, { message: 'minConfidence must be a number from 0 to 1' })
  @Max(1, { message: 'minConfidence must be a number from 0 to 1' })
  minConfidence?: number | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Accept every proposed commitment at once.' })
  @IsOptional()
  @IsBoolean()
  acceptAll?: boolean;
}
