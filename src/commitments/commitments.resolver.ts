import { Args, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Actor, Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { Commitment, CommitmentEvent, CommitmentParty } from './commitment.entity';
import { CommitmentStatus } from './commitment.enums';
import { complianceScoreOf, isOverdue, statusAt } from './commitment-rules';
import { CommitmentPagePreloader } from './commitment-page-preloader';
import { CommitmentLoaders } from './commitment-loaders';
import { CommitmentQueriesService } from './commitment-queries.service';
import { CommitmentStatusService } from './commitment-status.service';
import { CommitmentWritesService } from './commitment-writes.service';
import { mergeSelections, selectionAt, selectionOf } from '../common/preload/selection';
import { CommitmentConnection, CommitmentsArgs } from './dto/commitments.args';
import { CreateCommitmentInput } from './dto/create-commitment.input';
import { SetCommitmentStatusInput } from './dto/set-commitment-status.input';
import { TimelineEntry } from './dto/timeline.types';
import { UpdateCommitmentInput } from './dto/update-commitment.input';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Commitment)
export class CommitmentsResolver {
  constructor(
    private readonly commitmentQueries: CommitmentQueriesService,
    private readonly commitmentWrites: CommitmentWritesService,
    private readonly commitmentStatus: CommitmentStatusService,
    private readonly commitmentLoaders: CommitmentLoaders,
    private readonly topicService: TopicsService,
    private readonly pagePreloader: CommitmentPagePreloader,
  ) {}

  @Query(() => CommitmentConnection, { description: 'Commitments, filtered and ordered (by id unless told otherwise).' })
  async commitments(@Args() args: CommitmentsArgs, @Info() info: GraphQLResolveInfo): Promise<ConnectionResult<Commitment>> {
    const asked = selectionOf(info);
    const selection = mergeSelections(selectionAt(asked, 'nodes'), selectionAt(asked, 'edges', 'node'));
    const page = await this.commitmentQueries.list(args, this.pagePreloader.columnsFor(selection));
    await this.pagePreloader.preload(page.nodes, selection);
    return page;
  }

  @Query(() => Commitment, { nullable: true })
  commitment(@Args('id', { type: () => ID }) id: string): Promise<Commitment | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.commitmentQueries.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Commitment, { description: 'Records a commitment as ANNOUNCED, with its first history event.' })
  createCommitment(@Args('input') input: CreateCommitmentInput, @Actor() actor: string): Promise<Commitment> {
    return this.commitmentWrites.create(input, actor);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Commitment, { description: 'Changes what is given (not the status); pass expectedVersion to refuse a stale edit.' })
  updateCommitment(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateCommitmentInput, @Actor() actor: string): Promise<Commitment> {
    return this.commitmentWrites.update(id, input, actor);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Commitment, {
    description:
      "Appends a status change (of one party, of every party, or of a commitment without parties) to the history; the commitment's status follows. See docs/commitment-status.md.",
  })
  setCommitmentStatus(@Args('input') input: SetCommitmentStatusInput, @Actor() actor: string): Promise<Commitment> {
    return this.commitmentStatus.setStatus(input, actor);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ID, { description: 'Deletes a commitment with its parties, history and source spans.' })
  deleteCommitment(@Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.commitmentWrites.delete(id);
  }

  @ResolveField(() => [Topic])
  topics(@Parent() commitment: Commitment, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.topicService.linkedLoader(loaders, 'commitment_topic').load(commitment.id);
  }

  @ResolveField(() => [CommitmentParty], { description: 'Who is obligated, each with its own status.' })
  parties(@Parent() commitment: Commitment, @Loaders() loaders: LoaderRegistry): Promise<CommitmentParty[]> {
    return this.commitmentLoaders.partiesLoader(loaders).load(commitment.id);
  }

  @ResolveField(() => [CommitmentEvent], { description: 'Every status change, in the order they became true.' })
  history(@Parent() commitment: Commitment, @Loaders() loaders: LoaderRegistry): Promise<CommitmentEvent[]> {
    return this.commitmentLoaders.historyLoader(loaders).load(commitment.id);
  }

  @ResolveField(() => [TimelineEntry], {
    description: 'What happened to it, in one list by date: the statements that announced it, the meetings that discussed, created or advanced it, every status event.',
  })
  timeline(@Parent() commitment: Commitment, @Loaders() loaders: LoaderRegistry): Promise<TimelineEntry[]> {
    return this.commitmentLoaders.timelineLoader(loaders).load(commitment.id);
  }

  @ResolveField(() => Int, { nullable: true, description: 'G7/G20 score of the status: +1, 0, -1; null when not assessed.' })
  complianceScore(@Parent() commitment: Commitment): number | null {
    return complianceScoreOf(commitment.status);
  }

  @ResolveField(() => Boolean, { description: 'Due before today and not FULFILLED, NOT_FULFILLED or WITHDRAWN.' })
  overdue(@Parent() commitment: Commitment): boolean {
    return isOverdue(commitment);
  }

  @ResolveField(() => CommitmentStatus, { nullable: true, description: 'The status on that date, from the history; null before the first event.' })
  async statusAt(
    @Parent() commitment: Commitment,
    @Args('date', { type: () => CalendarDate }) date: string,
    @Loaders() loaders: LoaderRegistry,
  ): Promise<CommitmentStatus | null> {
    return statusAt(await this.commitmentLoaders.historyLoader(loaders).load(commitment.id), date);
  }
}
