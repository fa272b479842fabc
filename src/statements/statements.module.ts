import { Global, Module } from '@nestjs/common';
import {
  BriefingStatementsResolver,
  ParticipantStatementsResolver,
  StatementConnectionResolver,
  StatementsResolver,
  TopicStatementsResolver,
} from './statements.resolver';
import { StatementsService } from './statements.service';

@Global()
@Module({
  providers: [StatementsService, StatementsResolver, StatementConnectionResolver, TopicStatementsResolver, ParticipantStatementsResolver, BriefingStatementsResolver],
  exports: [StatementsService],
})
export class StatementsModule {}
