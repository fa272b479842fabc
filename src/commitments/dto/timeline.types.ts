import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { Meeting, MeetingOutcome } from '../../meetings/meeting.entity';
import { CommitmentEvent } from '../commitment.entity';
import { CommitmentMeetingRelation } from '../commitment.enums';

export enum TimelineEntryKind {
  ANNOUNCED_IN = 'ANNOUNCED_IN',
  DISCUSSED_AT = 'DISCUSSED_AT',
  CREATED_AT = 'CREATED_AT',
  ADVANCED_AT = 'ADVANCED_AT',
  STATUS_CHANGED = 'STATUS_CHANGED',
}
registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'What happened to a commitment; entries of one date come in this order.',
  valuesMap: {
    ANNOUNCED_IN: { description: 'A statement quoted as its source (dated by its briefing).' },
    DISCUSSED_AT: { description: 'A meeting where it was discussed.' },
    CREATED_AT: { description: 'The meeting (and outcome) that created it.' },
    ADVANCED_AT: { description: 'A meeting (and outcome) that advanced it.' },
    STATUS_CHANGED: { description: 'An event of its history (a party\'s or the whole commitment\'s), dated by validFrom.' },
  },
});

/** Rank of each kind among entries of the same date. */
export const TIMELINE_KIND_ORDER: Record<TimelineEntryKind, number> = {
  ANNOUNCED_IN: 0,
  DISCUSSED_AT: 1,
  CREATED_AT: 2,
  ADVANCED_AT: 3,
  STATUS_CHANGED: 4,
};

@ObjectType({ description: 'One thing that happened to a commitment, with its date.' })
export class TimelineEntry {
  @Field(() => CalendarDate, { nullable: true, description: 'Null when unknown (a meeting without a date); such entries come last.' })
  date: string | null;

  @Field(() => TimelineEntryKind)
  kind: TimelineEntryKind;

  /** The quoted statement (ANNOUNCED_IN), resolved per request. */
  statementId: number | null;

  @Field(() => Meeting, { nullable: true, description: 'DISCUSSED_AT, CREATED_AT, ADVANCED_AT.' })
  meeting: Meeting | null;

  @Field(() => MeetingOutcome, { nullable: true, description: 'The outcome that created or advanced it, when one did.' })
  outcome: MeetingOutcome | null;

  @Field(() => CommitmentEvent, { nullable: true, description: 'STATUS_CHANGED.' })
  event: CommitmentEvent | null;
}

@ObjectType({ description: 'How a commitment is tied to a meeting: created, advanced or discussed there.' })
export class MeetingCommitmentLink {
  commitmentId: number;

  @Field(() => CommitmentMeetingRelation)
  relation: CommitmentMeetingRelation;

  @Field(() => MeetingOutcome, { nullable: true, description: 'The outcome that created or advanced it, when one did.' })
  outcome: MeetingOutcome | null;
}
