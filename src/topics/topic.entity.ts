import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { columnTypes } from '../database/column-types';

@ObjectType({ description: 'An agenda topic; topics form a tree (security > counterterrorism).' })
@Entity('topic')
@Index(['slug'], { unique: true })
@Index(['parentId'])
export class Topic {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'Stable lower-case identifier, e.g. foreign-policy.' })
  @Column({ type: 'varchar', length: 80 })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Topic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Topic | null;

  @Field(() => [String], { description: 'Words and phrases that tag a statement with this topic at ingest.' })
  @Column({ type: 'simple-json' })
  keywords: string[];

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  updatedAt: Date;
}
