import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Briefing } from '../briefings/briefing.entity';
import { Commitment } from '../commitments/commitment.entity';
import { CommitmentKind, DatePrecision } from '../commitments/commitment.enums';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { columnTypes } from '../database/column-types';
import { Statement } from '../statements/statement.entity';

export enum CandidateState {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(CandidateState, { name: 'CandidateState' });

/** A topic proposed for a candidate, with the cue that fired. */
export interface CandidateTopicRef {
  topicId: number;
  cue: string;
}

/** An obligated party proposed for a candidate: an organisation and/or a country. */
export interface CandidatePartyRef {
  organizationId: number | null;
  countryCode: string | null;
  name: string;
}

/**
 * A commitment that ingest proposes from a briefing's words, for staff to accept (it becomes
 * a Commitment) or reject (with a reason). The review log stays: candidates are never deleted.
 */
@ObjectType({ description: 'A commitment proposed by ingest, tied to its exact words, awaiting review.' })
@Entity('commitment_candidate')
@Index(['briefingId', 'state'])
@Index(['statementId'])
@Index(['state'])
export class CommitmentCandidate {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  briefingId: number;

  @ManyToOne(() => Briefing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id' })
  briefing?: Briefing;

  @Column({ type: 'integer' })
  statementId: number;

  @ManyToOne(() => Statement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'statement_id' })
  statement?: Statement;

  @Column({ type: 'integer', name: 'start_offset' })
  start: number;

  @Column({ type: 'integer', name: 'end_offset' })
  end: number;

  @Column({ type: 'text' })
  quote: string;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Field(() => CommitmentKind)
  @Column({ type: 'varchar', length: 20 })
  kind: CommitmentKind;

  @Column({ type: 'simple-json' })
  topicRefs: CandidateTopicRef[];

  @Column({ type: 'simple-json' })
  partyRefs: CandidatePartyRef[];

  @Field(() => CalendarDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Field(() => DatePrecision)
  @Column({ type: 'varchar', length: 10 })
  dueDatePrecision: DatePrecision;

  @Field(() => Float, { description: '0..1: the commitment model\'s calibrated probability that the sentence is a commitment.' })
  @Column({ type: 'real' })
  confidence: number;

  @Field({ description: 'The rule that placed its span, e.g. "will:will" or "directive:instructed their teams to continue"; "model:" for a whole sentence.' })
  @Column({ type: 'varchar', length: 200 })
  cue: string;

  @Field(() => [String], { description: 'Why the model proposed it: the features that weighed most, strongest first, e.g. "future+subject:government +0.41".' })
  @Column({ type: 'simple-json', default: '[]' })
  reasons: string[];

  @Field(() => CandidateState)
  @Column({ type: 'varchar', length: 10 })
  state: CandidateState;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'integer', nullable: true })
  commitmentId: number | null;

  @ManyToOne(() => Commitment, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  reviewedBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: columnTypes.timestamp, nullable: true })
  reviewedAt: Date | null;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;
}
