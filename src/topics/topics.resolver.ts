import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/context/request-context';
import { BadUserInputError } from '../common/errors/domain-errors';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CreateTopicInput } from './dto/create-topic.input';
import { TopicFilter } from './dto/topics.args';
import { UpdateTopicInput } from './dto/update-topic.input';
import { Topic } from './topic.entity';
import { TopicsService } from './topics.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Topic)
export class TopicsResolver {
  constructor(private readonly topicService: TopicsService) {}

  @Query(() => [Topic], { description: 'The agenda topics, roots and subtopics, in creation order.' })
  topics(@Args('filter', { type: () => TopicFilter, nullable: true }) filter?: TopicFilter): Promise<Topic[]> {
    return this.topicService.list(filter ?? {});
  }

  @Query(() => Topic, { nullable: true, description: 'One topic by id or by slug.' })
  async topic(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('slug', { type: () => String, nullable: true }) slug?: string,
  ): Promise<Topic | null> {
    if ((id == null) === (slug == null)) throw new BadUserInputError('Give exactly one of id or slug', [{ path: 'id', message: 'give exactly one of id or slug' }]);
    if (slug != null) return this.topicService.findBySlug(slug);
    const parsed = tryParseId(id!);
    return parsed === null ? null : this.topicService.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Topic)
  createTopic(@Args('input') input: CreateTopicInput): Promise<Topic> {
    return this.topicService.create(input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Topic)
  updateTopic(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateTopicInput): Promise<Topic> {
    return this.topicService.update(id, input);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ID, { description: 'Deletes a topic and its tags; refused (CONFLICT) while it has subtopics.' })
  deleteTopic(@Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.topicService.delete(id);
  }

  @ResolveField(() => Topic, { nullable: true })
  parent(@Parent() topic: Topic, @Loaders() loaders: LoaderRegistry): Promise<Topic | null> | null {
    return topic.parentId ? this.topicService.byIdLoader(loaders).load(topic.parentId) : null;
  }

  @ResolveField(() => [Topic])
  children(@Parent() topic: Topic, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.topicService.childrenLoader(loaders).load(topic.id);
  }
}
