import { Global, Module } from '@nestjs/common';
import { MeetingOutcomesOfMeetingResolver, MeetingOutcomesResolver } from './meeting-outcomes.resolver';
import { MeetingOutcomesService } from './meeting-outcomes.service';
import {
  BriefingMeetingsResolver,
  CommitmentMeetingsResolver,
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
    MeetingOutcomesService,
    MeetingsResolver,
    MeetingParticipantResolver,
    MeetingOutcomesResolver,
    MeetingOutcomesOfMeetingResolver,
    ParticipantMeetingsResolver,
    TopicMeetingsResolver,
    BriefingMeetingsResolver,
    CommitmentMeetingsResolver,
  ],
  exports: [MeetingsService, MeetingOutcomesService],
})
export class MeetingsModule {}
