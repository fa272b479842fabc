import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { SourceSpanInput } from '../../sources/dto/source-span.input';
import { MeetingKind, MeetingStatus } from '../meeting.entity';

/** One participant of a meeting: who, on which side, in what role. */
@InputType()
export class MeetingParticipantInput {
  @Field(() => ID)
  @IsNotEmpty()
  participantId: string;

  @Field(() => String, { nullable: true, description: 'The country whose side they are on (ISO 3166-1 alpha-2).' })
  @IsOptional()
  @IsString()
  sideCode?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. host, head of delegation.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string | null;
}

@InputType()
export class CreateMeetingInput {
  @Field({ description: 'e.g. Trump - Pena Nieto phone call.' })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title: string;

  @Field(() => MeetingKind)
  @IsEnum(MeetingKind)
  kind: MeetingKind;

  @Field(() => MeetingStatus, { nullable: true, description: 'PLANNED when not given.' })
  @IsOptional()
  @IsEnum(MeetingStatus)
  status?: MeetingStatus | null;

  @Field(() => CalendarDate, { nullable: true, description: 'Leave out when not known. A HELD meeting cannot be dated after today.' })
  @IsOptional()
  date?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  dialogueId?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  topicIds?: string[] | null;

  @Field(() => [MeetingParticipantInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MeetingParticipantInput)
  participants?: MeetingParticipantInput[] | null;

  @Field(() => [SourceSpanInput], { nullable: true, description: 'Where briefings mention this meeting.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SourceSpanInput)
  sources?: SourceSpanInput[] | null;
}
