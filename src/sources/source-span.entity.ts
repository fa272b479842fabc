import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Commitment } from '../commitments/commitment.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Statement } from '../statements/statement.entity';

/**
 * The exact words behind a commitment or a meeting: offsets into a statement's text, and the
 * quote itself (always equal to statement.text.slice(start, end)).
 */
@ObjectType({ description: "Character offsets into a statement's text, and the quoted words." })
@Entity('source_span')
@Index(['statementId'])
@Index(['commitmentId'])
@Index(['meetingId'])
export class SourceSpan {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  statementId: number;

  @ManyToOne(() => Statement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'statement_id' })
  statement?: Statement;

  @Field(() => Int)
  @Column({ type: 'integer', name: 'start_offset' })
  start: number;

  @Field(() => Int)
  @Column({ type: 'integer', name: 'end_offset' })
  end: number;

  @Field()
  @Column({ type: 'text' })
  quote: string;

  @Column({ type: 'integer', nullable: true })
  commitmentId: number | null;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment | null;

  @Column({ type: 'integer', nullable: true })
  meetingId: number | null;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting | null;
}
