import { Global, Module } from '@nestjs/common';
import {
  BriefingParticipantsResolver,
  MeetingParticipantParticipantResolver,
  ParticipantsResolver,
  StatementSpeakerResolver,
} from './participants.resolver';
import { ParticipantsService } from './participants.service';

@Global()
@Module({
  providers: [
    ParticipantsService,
    ParticipantsResolver,
      StatementSpeakerResolver,
    BriefingParticipantsResolver,
    MeetingParticipantParticipantResolver,
  ],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
