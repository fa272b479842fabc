import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/context/request-context';
import { parseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { Topic } from '../topics/topic.entity';
import { TimelineBucket, TimelinePoint, TopicProgress, TopicProgressRow } from './dto/topic-progress.types';
import { TopicProgressService } from './topic-progress.service';
import { HISTORY_READ_COST, timelineCost } from './topic-timeline';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Topic)
export class TopicProgressResolver {
  constructor(private readonly progressService: TopicProgressService) {}

  @Query(() => [TopicProgressRow], {
    description: 'Progress of every top-level topic (subtopics included), in topic order; one SQL statement.',
    complexity: ({ args, childComplexity }) => (args.asOf ? HISTORY_READ_COST : 1) + childComplexity,
  })
  topicProgress(
    @Args('dialogue', { type: () => ID, nullable: true, description: 'Only commitments of this dialogue.' }) dialogue?: string | null,
    @Args('asOf', { type: () => CalendarDate, nullable: true, description: 'The statuses commitments had on this date.' }) asOf?: string | null,
  ): Promise<TopicProgressRow[]> {
    const dialogueId = dialogue != null ? parseId(dialogue, 'dialogue') : null;
    return this.progressService.rootProgress({ asOf, dialogueId });
  }

  @Query(() => [TimelinePoint], {
    description: "A topic's commitments (subtopics included) by the status each had at the end of every week, month or quarter from..to, from the event history.",
    complexity: ({ args, childComplexity }) => timelineCost(args, childComplexity),
  })
  topicTimeline(
    @Args('topic', { type: () => ID }) topic: string,
    @Args('from', { type: () => CalendarDate }) from: string,
    @Args('to', { type: () => CalendarDate }) to: string,
    @Args('bucket', { type: () => TimelineBucket, defaultValue: TimelineBucket.MONTH }) bucket: TimelineBucket,
    @Args('dialogue', { type: () => ID, nullable: true, description: 'Only commitments of this dialogue.' }) dialogue?: string | null,
  ): Promise<TimelinePoint[]> {
    const topicId = parseId(topic, 'topic');
    const dialogueId = dialogue != null ? parseId(dialogue, 'dialogue') : null;
    return this.progressService.timeline(topicId, from, to, bucket, dialogueId);
  }

  @ResolveField(() => TopicProgress, {
    description: 'Its commitments and its subtopics\', aggregated.',
    complexity: ({ args, childComplexity }) => (args.asOf ? HISTORY_READ_COST : 1) + childComplexity,
  })
  progress(
    @Parent() topic: Topic,
    @Loaders() loaders: LoaderRegistry,
    @Args('asOf', { type: () => CalendarDate, nullable: true, description: 'The statuses commitments had on this date.' }) asOf?: string | null,
  ): Promise<TopicProgress> {
    return this.progressService.loader(loaders, asOf ?? null).load(topic.id);
  }
}
