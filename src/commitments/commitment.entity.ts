import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { Country } from '../countries/country.entity';
import { columnTypes } from '../database/column-types';
import { Dialogue } from '../dialogues/dialogue.entity';
import { MeetingOutcome, Meeting } from '../meetings/meeting.entity';
import { Organization } from '../organizations/organization.entity';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';
import { CommitmentKind, CommitmentMeetingRelation, CommitmentStatus, DatePrecision } from './commitment.enums';

@ObjectType({ description: 'A forward-looking undertaking, tracked from announcement to fulfilment.' })
@Entity('commitment')
@Index(['status'])
@Index(['kind'])
@Index(['dueDate'])
@Index(['dialogueId', 'status'])
export class Commitment {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Field()
  @Column({ type: 'text' })
  text: string;

  @Field(() => CommitmentKind)
  @Column({ type: 'varchar', length: 20 })
  kind: CommitmentKind;

  @Field(() => CommitmentStatus)
  @Column({ type: 'varchar', length: 24 })
  status: CommitmentStatus;

  @Field(() => CalendarDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Field(() => DatePrecision)
  @Column({ type: 'varchar', length: 10 })
  dueDatePrecision: DatePrecision;

  @Column({ type: 'integer', nullable: true })
  dialogueId: number | null;

  @ManyToOne(() => Dialogue, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'dialogue_id' })
  dialogue?: Dialogue | null;

  @Field(() => Int, { description: 'Increases with every change; pass it back as expectedVersion.' })
  @Column({ type: 'integer' })
  version: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  createdBy: string;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  updatedAt: Date;
}

@Entity('commitment_topic')
@Index(['topicId'])
export class CommitmentTopic {
  @PrimaryColumn({ type: 'integer' })
  commitmentId: number;

  @PrimaryColumn({ type: 'integer' })
  topicId: number;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @ManyToOne(() => Topic, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Topic;
}

@ObjectType({ description: 'One obligated party of a commitment (an organisation or a country), with its own status.' })
@Entity('commitment_party')
@Index(['commitmentId'])
@Index(['organizationId'])
@Index(['countryCode'])
export class CommitmentParty {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ type: 'integer', nullable: true })
  organizationId: number | null;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  countryCode: string | null;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Country | null;

  @Field(() => CommitmentStatus)
  @Column({ type: 'varchar', length: 24 })
  status: CommitmentStatus;
}

@ObjectType({ description: 'One change of a commitment (or of one party) status: an event, never an overwrite.' })
@Entity('commitment_event')
@Index(['commitmentId', 'validFrom'])
@Index(['partyId'])
@Index(['evidenceStatementId'])
@Index(['evidenceOutcomeId'])
export class CommitmentEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ type: 'integer', nullable: true })
  partyId: number | null;

  /** NO ACTION: a party's events must not become the whole commitment's (a party with a history is not deleted). */
  @ManyToOne(() => CommitmentParty, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'party_id' })
  party?: CommitmentParty | null;

  @Field(() => CommitmentStatus, { nullable: true })
  @Column({ type: 'varchar', length: 24, nullable: true })
  fromStatus: CommitmentStatus | null;

  @Field(() => CommitmentStatus)
  @Column({ type: 'varchar', length: 24 })
  toStatus: CommitmentStatus;

  @Field(() => CalendarDate, { description: 'When the change became true (may be earlier than recordedAt).' })
  @Column({ type: 'date' })
  validFrom: string;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  recordedAt: Date;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  actor: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'integer', nullable: true })
  evidenceStatementId: number | null;

  @ManyToOne(() => Statement, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'evidence_statement_id' })
  evidenceStatement?: Statement | null;

  @Column({ type: 'integer', nullable: true })
  evidenceOutcomeId: number | null;

  @ManyToOne(() => MeetingOutcome, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'evidence_outcome_id' })
  evidenceOutcome?: MeetingOutcome | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  evidenceUrl: string | null;
}

/** Meetings a commitment is tied to: discussed at, created by, or advanced by. */
@Entity('commitment_meeting')
@Index(['meetingId'])
export class CommitmentMeeting {
  @PrimaryColumn({ type: 'integer' })
  commitmentId: number;

  @PrimaryColumn({ type: 'integer' })
  meetingId: number;

  @Column({ type: 'varchar', length: 20 })
  relation: CommitmentMeetingRelation;

  @Column({ type: 'integer', nullable: true })
  outcomeId: number | null;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @ManyToOne(() => MeetingOutcome, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'outcome_id' })
  outcome?: MeetingOutcome | null;
}
