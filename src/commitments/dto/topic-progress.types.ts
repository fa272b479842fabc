import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Topic } from '../../topics/topic.entity';
import { CommitmentStatus } from '../commitment.enums';

@ObjectType({ description: 'How many commitments are in one status.' })
export class CommitmentStatusCount {
  @Field(() => CommitmentStatus)
  status: CommitmentStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: "A topic's commitments (its subtopics' included, each counted once), aggregated." })
export class TopicProgress {
  @Field(() => Int)
  total: number;

  @Field(() => [CommitmentStatusCount], { description: 'Every status, in order, zeros included.' })
  byStatus: CommitmentStatusCount[];

  @Field(() => Float, { nullable: true, description: 'FULFILLED / total; null when there are none.' })
  fulfilledShare: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean G7/G20 score (+1/0/-1) over assessed commitments; null when none is assessed.' })
  complianceScore: number | null;

  @Field(() => Int, { description: 'Due before today (or before asOf) and not in a final status.' })
  overdue: number;

  @Field(() => Date, { nullable: true, description: "The latest change to one of the commitments or their history." })
  lastActivityAt: Date | null;
}

@ObjectType({ description: 'One row of topicProgress: a top-level topic and its progress.' })
export class TopicProgressRow extends TopicProgress {
  @Field(() => Topic)
  topic: Topic;
}
