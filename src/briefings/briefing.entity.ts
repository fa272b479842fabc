import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Participant } from '../participants/participant.entity';
import { CalendarDate } from '../common/scalars/calendar-date.scalar';
import { columnTypes } from '../database/column-types';
import { Dialogue } from '../dialogues/dialogue.entity';

@ObjectType({ description: 'A source document: a briefing, call readout or statement, stored word for word.' })
@Entity('briefing')
@Index(['textSha256'], { unique: true })
@Index(['date'])
@Index(['dialogueId', 'date'])
export class Briefing {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Field(() => String, { nullable: true, description: 'Special Briefing, Background Press Call, Press Gaggle, ...' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  kind: string | null;

  @Field(() => CalendarDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. Via Teleconference' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  medium: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  sourceUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Start time as given in the header (HH:MM).' })
  @Column({ type: 'varchar', length: 5, nullable: true })
  startTime: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 5, nullable: true })
  endTime: string | null;

  @Field({ description: 'The exact text, as received.' })
  @Column({ type: 'text' })
  text: string;

  @Field({ description: 'SHA-256 (hex) of the text with line endings, non-breaking spaces and trailing spaces normalised; unique: the same transcript saved differently is one briefing.' })
  @Column({ type: 'varchar', length: 64 })
  textSha256: string;

  @Column({ type: 'integer', nullable: true })
  dialogueId: number | null;

  @ManyToOne(() => Dialogue, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'dialogue_id' })
  dialogue?: Dialogue | null;

  @Field({ description: 'Who recorded it.' })
  @Column({ type: 'varchar', length: 200 })
  createdBy: string;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;
}

/** A participant a briefing mentions (not a speaker): "Foreign Secretary Luis Videgaray". */
@Entity('briefing_mention')
@Index(['participantId'])
export class BriefingMention {
  @PrimaryColumn({ type: 'integer' })
  briefingId: number;

  @PrimaryColumn({ type: 'integer' })
  participantId: number;

  @Column({ type: 'text', nullable: true })
  quote: string | null;

  @ManyToOne(() => Briefing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id' })
  briefing?: Briefing;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id' })
  participant?: Participant;
}
