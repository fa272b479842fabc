import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
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

export enum TimelineBucket {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(TimelineBucket, {
  name: 'TimelineBucket',
  description: 'The period of one topicTimeline point.',
  valuesMap: {
    WEEK: { description: 'ISO week, Monday to Sunday.' },
    MONTH: { description: 'Calendar month.' },
    QUARTER: { description: 'Calendar quarter (January, April, July, October).' },
  },
});

@ObjectType({ description: "One bucket of topicTimeline: the topic's commitments by the status they had at its end." })
export class TimelinePoint {
  @Field(() => CalendarDate, { description: 'First day of the bucket.' })
  start: string;

  @Field(() => CalendarDate, { description: 'Last day of the bucket.' })
  end: string;

  @Field(() => CalendarDate, { description: 'The day counted: the bucket\'s last day, or `to` when the range ends inside the bucket.' })
  asOf: string;

  @Field(() => Int, { description: 'Commitments announced by asOf (with an event by then).' })
  total: number;

  @Field(() => [CommitmentStatusCount], { description: 'Every status, in order, zeros included.' })
  byStatus: CommitmentStatusCount[];
}
