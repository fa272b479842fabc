import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Briefing } from '../briefings/briefing.entity';
import { Loaders } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { Meeting, MeetingOutcome } from '../meetings/meeting.entity';
import { Participant } from '../participants/participant.entity';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';
import { Commitment } from './commitment.entity';
import { CommitmentLoaders } from './commitment-loaders';
import { CommitmentQueriesService } from './commitment-queries.service';
import { CommitmentConnection, CommitmentsArgs } from './dto/commitments.args';
import { MeetingCommitmentLink } from './dto/timeline.types';

/** Commitments seen from the other records; every field is batched per request. */

@Resolver(() => Topic)
export class TopicCommitmentsResolver {
  constructor(private readonly commitmentQueries: CommitmentQueriesService) {}

  @ResolveField(() => CommitmentConnection, { description: 'Commitments tagged with this topic or one of its subtopics.' })
  commitments(@Parent() topic: Topic, @Args() args: CommitmentsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Commitment>> {
    return this.commitmentQueries.connectionLoader(loaders, 'topic', args).load(topic.id);
  }
}

@Resolver(() => Participant)
export class ParticipantCommitmentsResolver {
  constructor(private readonly commitmentQueries: CommitmentQueriesService) {}

  @ResolveField(() => CommitmentConnection, { description: 'Commitments quoted from statements this participant spoke.' })
  commitments(@Parent() participant: Participant, @Args() args: CommitmentsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Commitment>> {
    return this.commitmentQueries.connectionLoader(loaders, 'participant', args).load(participant.id);
  }
}

@Resolver(() => Briefing)
export class BriefingCommitmentsResolver {
  constructor(private readonly commitmentQueries: CommitmentQueriesService) {}

  @ResolveField(() => CommitmentConnection, { description: 'Commitments quoted from this briefing.' })
  commitments(@Parent() briefing: Briefing, @Args() args: CommitmentsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Commitment>> {
    return this.commitmentQueries.connectionLoader(loaders, 'briefing', args).load(briefing.id);
  }
}

@Resolver(() => Statement)
export class StatementCommitmentsResolver {
  constructor(private readonly commitmentLoaders: CommitmentLoaders) {}

  @ResolveField(() => [Commitment], { description: 'Commitments quoted from this statement.' })
  commitments(@Parent() statement: Statement, @Loaders() loaders: LoaderRegistry): Promise<Commitment[]> {
    return this.commitmentLoaders.byStatementLoader(loaders).load(statement.id);
  }
}

@Resolver(() => Meeting)
export class MeetingCommitmentsResolver {
  constructor(private readonly commitmentLoaders: CommitmentLoaders) {}

  @ResolveField(() => [Commitment], { description: 'Commitments discussed at, created by or advanced by this meeting.' })
  commitments(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<Commitment[]> {
    return this.commitmentLoaders.byMeetingLoader(loaders).load(meeting.id);
  }

  @ResolveField(() => [MeetingCommitmentLink], { description: 'Its commitments with how each is tied to it: CREATED, ADVANCED or DISCUSSED (and by which outcome).' })
  commitmentLinks(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<MeetingCommitmentLink[]> {
    return this.commitmentLoaders.meetingLinksLoader(loaders).load(meeting.id);
  }
}

@Resolver(() => MeetingOutcome)
export class MeetingOutcomeCommitmentsResolver {
  constructor(private readonly commitmentLoaders: CommitmentLoaders) {}

  @ResolveField(() => [Commitment], { description: 'Commitments this outcome created or advanced.' })
  commitments(@Parent() outcome: MeetingOutcome, @Loaders() loaders: LoaderRegistry): Promise<Commitment[]> {
    return this.commitmentLoaders.byOutcomeLoader(loaders).load(outcome.id);
  }
}
