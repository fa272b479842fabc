import { Global, Module } from '@nestjs/common';
import {
  BriefingParticipantsResolver,
  MeetingParticipantParticipantResolver,
  ParticipantConnectionResolver,
  ParticipantsResolver,
  StatementSpeakerResolver,
} from './participants.resolver';
import { ParticipantsService } from './participants.service';

@Global()
@Module({
  providers: [
    ParticipantsService,
    ParticipantsResolver,
    ParticipantConnectionResolver,
    StatementSpeakerResolver,
    BriefingParticipantsResolver,
    MeetingParticipantParticipantResolver,
  ],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
