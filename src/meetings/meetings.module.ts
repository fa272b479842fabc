import { Global, Module } from '@nestjs/common';
import {
  BriefingMeetingsResolver,
  CommitmentMeetingsResolver,
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
