import { Global, Module } from '@nestjs/common';
import {
  BriefingMeetingsResolver,
  CommitmentMeetingsResolver,
  MeetingConnectionResolver,
  MeetingOutcomeMeetingResolver,
  MeetingParticipantResolver,
  MeetingsResolver,
  ParticipantMeetingsResolver,
  TopicMeetingsResolver,
} from './meetings.resolver';
import { MeetingsService } from './meetings.service';

@Global()
@Module({
  providers: [
    MeetingsService,
    MeetingsResolver,
    MeetingConnectionResolver,
    MeetingParticipantResolver,
    MeetingOutcomeMeetingResolver,
    ParticipantMeetingsResolver,
    TopicMeetingsResolver,
    BriefingMeetingsResolver,
    CommitmentMeetingsResolver,
  ],
  exports: [MeetingsService],
})
export class MeetingsModule {}
