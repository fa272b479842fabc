import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { CommitmentEvent } from '../commitments/commitment.entity';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { withFreshLoaders } from './operation-context';
import { SubscriptionsService } from './subscriptions.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

/** Live updates over graphql-ws on /graphql; each message is sent after the change committed. */
@RequireRole(Role.ANALYST)
@Resolver()
export class SubscriptionsResolver {
  constructor(private readonly subscriptionService: SubscriptionsService) {}

  @Subscription(() => CommitmentEvent, {
    description: 'Each new event in a commitment history (status changes, per party too); with a topic, of commitments under it or its subtopics.',
    resolve: withFreshLoaders,
  })
  commitmentChanged(@Args('topic', { type: () => ID, nullable: true }) topic?: string | null): Promise<AsyncIterableIterator<CommitmentEvent>> {
    return this.subscriptionService.commitmentChanges(topic);
  }

  @Subscription(() => MeetingOutcome, {
    description: "Each meeting outcome when it is logged, and again when it is finalized; with a dialogue, of that dialogue's meetings.",
    resolve: withFreshLoaders,
  })
  meetingOutcomeLogged(@Args('dialogue', { type: () => ID, nullable: true }) dialogue?: string | null): Promise<AsyncIterableIterator<MeetingOutcome>> {
    return this.subscriptionService.meetingOutcomes(dialogue);
  }
}
