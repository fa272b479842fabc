import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { Country } from '../countries/country.entity';
import { columnTypes } from '../database/column-types';
import { Dialogue } from '../dialogues/dialogue.entity';
import { Participant } from '../participants/participant.entity';
import { Topic } from '../topics/topic.entity';

export enum MeetingKind {
  PHONE_CALL = 'PHONE_CALL',
  VIDEO_CALL = 'VIDEO_CALL',
  IN_PERSON = 'IN_PERSON',
  VISIT = 'VISIT',
  OTHER = 'OTHER',
}
registerEnumType(MeetingKind, { name: 'MeetingKind' });

export enum MeetingStatus {
  PLANNED = 'PLANNED',
  HELD = 'HELD',
  POSTPONED = 'POSTPONED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MeetingStatus, { name: 'MeetingStatus' });

/**
 * Where a meeting outcome stands. DRAFT: staff are still editing it. FINAL: the record, no
 * longer editable. SUPERSEDED: a final outcome replaced by a correction that was finalized.
 */
export enum MeetingOutcomeState {
  DRAFT = 'DRAFT',
  FINAL = 'FINAL',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(MeetingOutcomeState, {
  name: 'MeetingOutcomeState',
  description: 'DRAFT (editable) -> FINAL (immutable) -> SUPERSEDED (once a correction of it is finalized).',
});

@ObjectType({ description: 'A call, meeting or visit between the two sides.' })
@Entity('meeting')
@Index(['status'])
@Index(['date'])
@Index(['dialogueId'])
export class Meeting {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Field(() => MeetingKind)
  @Column({ type: 'varchar', length: 20 })
  kind: MeetingKind;

  @Field(() => MeetingStatus)
  @Column({ type: 'varchar', length: 20 })
  status: MeetingStatus;

  @Field(() => CalendarDate, { nullable: true, description: 'Null when the date is not known.' })
  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Column({ type: 'integer', nullable: true })
  dialogueId: number | null;

  @ManyToOne(() => Dialogue, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'dialogue_id' })
  dialogue?: Dialogue | null;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  updatedAt: Date;
}

@ObjectType({ description: 'Who took part in a meeting, on which side, in what role.' })
@Entity('meeting_participant')
@Index(['meetingId', 'participantId'], { unique: true })
@Index(['participantId'])
export class MeetingParticipant {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  meetingId: number;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ type: 'integer' })
  participantId: number;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id' })
  participant?: Participant;

  @Column({ type: 'varchar', length: 2, nullable: true })
  sideCode: string | null;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'side_code' })
  side?: Country | null;

  @Field(() => String, { nullable: true, description: 'e.g. host, head of delegation.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  role: string | null;
}

@Entity('meeting_topic')
@Index(['topicId'])
export class MeetingTopic {
  @PrimaryColumn({ type: 'integer' })
  meetingId: number;

  @PrimaryColumn({ type: 'integer' })
  topicId: number;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @ManyToOne(() => Topic, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Topic;
}

@ObjectType({ description: 'What staff logged after a meeting: a DRAFT until finalized, then immutable; corrected by a new outcome that supersedes it.' })
@Entity('meeting_outcome')
@Index(['meetingId'])
@Index(['supersedesId'], { unique: true })
export class MeetingOutcome {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  meetingId: number;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => String, { nullable: true, description: 'Decisions taken, as staff wrote them.' })
  @Column({ type: 'text', nullable: true })
  decisions: string | null;

  @Field(() => CalendarDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  heldOn: string | null;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  recordedAt: Date;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  recordedBy: string;

  @Field(() => MeetingOutcomeState)
  @Column({ type: 'varchar', length: 10, default: MeetingOutcomeState.DRAFT })
  state: MeetingOutcomeState;

  /** The final outcome this one corrects (at most one correction per outcome). */
  @Column({ type: 'integer', nullable: true })
  supersedesId: number | null;

  @ManyToOne(() => MeetingOutcome, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'supersedes_id' })
  supersedes?: MeetingOutcome | null;

  @Field(() => Date, { nullable: true, description: 'When a draft was last edited.' })
  @Column({ type: columnTypes.timestamp, nullable: true })
  editedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  editedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: columnTypes.timestamp, nullable: true })
  finalizedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  finalizedBy: string | null;

  /** Who attended, as this outcome records it (table meeting_outcome_attendee). */
  @ManyToMany(() => Participant)
  @JoinTable({ name: 'meeting_outcome_attendee', joinColumn: { name: 'outcome_id' }, inverseJoinColumn: { name: 'participant_id' } })
  attendees?: Participant[];
}
