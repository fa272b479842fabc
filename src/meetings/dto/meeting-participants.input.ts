import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, ValidateNested } from 'class-validator';
import { MeetingParticipantInput } from './create-meeting.input';

@InputType()
export class AddMeetingParticipantsInput {
  @Field(() => ID)
  @IsNotEmpty()
  meetingId: string;

  @Field(() => [MeetingParticipantInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MeetingParticipantInput)
  participants: MeetingParticipantInput[];
}

@InputType()
export class RemoveMeetingParticipantsInput {
  @Field(() => ID)
  @IsNotEmpty()
  meetingId: string;

  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  participantIds: string[];
}
