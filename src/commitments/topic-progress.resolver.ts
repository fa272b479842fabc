import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/context/request-context';
import { parseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { TopicProgress, TopicProgressRow } from './dto/topic-progress.types';
import { TopicProgressService } from './topic-progress.service';

@Resolver(() => Topic)
export class TopicProgressResolver {
  constructor(
    private readonly progressService: TopicProgressService,
    private readonly topicService: TopicsService,
  ) {}

  @Query(() => [TopicProgressRow], { description: 'Progress of every top-level topic (subtopics included), in topic order.' })
  async topicProgress(
    @Args('dialogue', { type: () => ID, nullable: true, description: 'Only commitments of this dialogue.' }) dialogue?: string | null,
    @Args('asOf', { type: () => CalendarDate, nullable: true, description: 'The statuses commitments had on this date.' }) asOf?: string | null,
  ): Promise<TopicProgressRow[]> {
    const dialogueId = dialogue != null ? parseId(dialogue, 'dialogue') : null;
    const roots = await this.topicService.list({ root: true });
    const progress = await this.progressService.progressOf(
      roots.map((t) => t.id),
      { asOf, dialogueId },
    );
    return roots.map((topic, i) => ({ topic, ...progress[i] }));
  }

  @ResolveField(() => TopicProgress, { description: 'Its commitments and its subtopics\', aggregated.' })
  progress(
    @Parent() topic: Topic,
    @Loaders() loaders: LoaderRegistry,
    @Args('asOf', { type: () => CalendarDate, nullable: true, description: 'The statuses commitments had on this date.' }) asOf?: string | null,
  ): Promise<TopicProgress> {
    return this.progressService.loader(loaders, asOf ?? null).load(topic.id);
  }
}
