import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Briefing } from '../briefings/briefing.entity';
import { Participant } from '../participants/participant.entity';
import { Topic } from '../topics/topic.entity';

export enum StatementKind {
  REMARK = 'REMARK',
  QUESTION = 'QUESTION',
  ANSWER = 'ANSWER',
  PROCEDURAL = 'PROCEDURAL',
}
registerEnumType(StatementKind, { name: 'StatementKind' });

@ObjectType({ description: "One paragraph of one speaker's turn in a briefing." })
@Entity('statement')
@Index(['briefingId', 'turnIndex', 'paragraphIndex'], { unique: true })
@Index(['speakerId'])
@Index(['kind'])
export class Statement {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  briefingId: number;

  @ManyToOne(() => Briefing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'briefing_id' })
  briefing?: Briefing;

  @Column({ type: 'integer', nullable: true })
  speakerId: number | null;

  @ManyToOne(() => Participant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'speaker_id' })
  speaker?: Participant | null;

  @Field(() => String, { nullable: true, description: 'The label as written, e.g. SENIOR ADMINISTRATION OFFICIAL ONE.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  speakerLabel: string | null;

  @Field(() => Int)
  @Column({ type: 'integer' })
  turnIndex: number;

  @Field(() => Int)
  @Column({ type: 'integer' })
  paragraphIndex: number;

  @Field(() => StatementKind)
  @Column({ type: 'varchar', length: 20 })
  kind: StatementKind;

  @Field()
  @Column({ type: 'text' })
  text: string;

  @Field(() => Int, { nullable: true, description: "Offset of this paragraph in the briefing's text." })
  @Column({ type: 'integer', nullable: true })
  textStart: number | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  textEnd: number | null;
}

/** A statement's topic, with the rule or keyword that tagged it. */
@Entity('statement_topic')
@Index(['topicId'])
export class StatementTopic {
  @PrimaryColumn({ type: 'integer' })
  statementId: number;

  @PrimaryColumn({ type: 'integer' })
  topicId: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cue: string | null;

  @ManyToOne(() => Statement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'statement_id' })
  statement?: Statement;

  @ManyToOne(() => Topic, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'topic_id' })
  topic?: Topic;
}
