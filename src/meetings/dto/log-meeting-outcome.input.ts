import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CreateCommitmentInput } from '../../commitments/dto/create-commitment.input';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';

@InputType()
export class LogMeetingOutcomeInput {
  @Field(() => ID)
  @IsNotEmpty()
  meetingId: string;

  @Field({ description: 'What happened, as staff write it.' })
  @IsString()
  @Matches(/\S/, { message: 'summary must not be blank' })
  @MaxLength(20000)
  summary: string;

  @Field(() => String, { nullable: true, description: 'Decisions taken.' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  decisions?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: "The day it was held; the meeting's date when not given. Not after today." })
  @IsOptional()
  heldOn?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Existing commitments the meeting advanced.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  commitmentIds?: string[] | null;

  @Field(() => [CreateCommitmentInput], { nullable: true, description: 'Commitments the meeting created.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateCommitmentInput)
  newCommitments?: CreateCommitmentInput[] | null;
}
