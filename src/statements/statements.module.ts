import { Global, Module } from '@nestjs/common';
import {
  BriefingStatementsResolver,
  ParticipantStatementsResolver,
  StatementsResolver,
  TopicStatementsResolver,
} from './statements.resolver';
import { StatementsService } from './statements.service';

@Global()
@Module({
  providers: [StatementsService, StatementsResolver, TopicStatementsResolver, ParticipantStatementsResolver, BriefingStatementsResolver],
  exports: [StatementsService],
})
export class StatementsModule {}
