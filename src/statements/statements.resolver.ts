import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Briefing } from '../briefings/briefing.entity';
import { Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { Participant } from '../participants/participant.entity';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { StatementConnection, TopicTag } from './dto/statement.connection';
import { StatementsArgs } from './dto/statements.args';
import { Statement } from './statement.entity';
import { StatementsService } from './statements.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Statement)
export class StatementsResolver {
  constructor(
    private readonly statementService: StatementsService,
    private readonly topicService: TopicsService,
  ) {}

  @Query(() => StatementConnection, { description: 'Statements across briefings, in the order they were said unless orderBy says otherwise.' })
  statements(@Args() args: StatementsArgs): Promise<ConnectionResult<Statement>> {
    return this.statementService.list(args);
  }

  @Query(() => Statement, { nullable: true })
  statement(@Args('id', { type: () => ID }) id: string): Promise<Statement | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.statementService.findById(parsed);
  }

  @ResolveField(() => [Topic])
  topics(@Parent() statement: Statement, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.topicService.linkedLoader(loaders, 'statement_topic').load(statement.id);
  }

  @ResolveField(() => [TopicTag], { description: 'Its topics, each with the cue that tagged it.' })
  topicTags(@Parent() statement: Statement, @Loaders() loaders: LoaderRegistry): Promise<TopicTag[]> {
    return this.statementService.topicTagsLoader(loaders).load(statement.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Topic)
export class TopicStatementsResolver {
  constructor(private readonly statementService: StatementsService) {}

  @ResolveField(() => StatementConnection, { description: 'Statements tagged with this topic or one of its subtopics.' })
  statements(@Parent() topic: Topic, @Args() args: StatementsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Statement>> {
    return this.statementService.ownedLoader(loaders, 'topic', args).load(topic.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Participant)
export class ParticipantStatementsResolver {
  constructor(private readonly statementService: StatementsService) {}

  @ResolveField(() => StatementConnection, { description: 'What this participant said.' })
  statements(@Parent() participant: Participant, @Args() args: StatementsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Statement>> {
    return this.statementService.ownedLoader(loaders, 'speaker', args).load(participant.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Briefing)
export class BriefingStatementsResolver {
  constructor(private readonly statementService: StatementsService) {}

  @ResolveField(() => StatementConnection, { description: "The briefing's statements; the filter applies within the briefing." })
  statements(@Parent() briefing: Briefing, @Args() args: StatementsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Statement>> {
    return this.statementService.ownedLoader(loaders, 'briefing', args).load(briefing.id);
  }
}
