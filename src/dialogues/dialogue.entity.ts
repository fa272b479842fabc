import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Country } from '../countries/country.entity';
import { columnTypes } from '../database/column-types';

@ObjectType({ description: 'One bilateral relationship: two countries and a title.' })
@Entity('dialogue')
@Index(['title'], { unique: true })
export class Dialogue {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;
}

/** The countries of a dialogue (a plain join table). */
@Entity('dialogue_country')
@Index(['countryCode'])
export class DialogueCountry {
  @PrimaryColumn({ type: 'integer' })
  dialogueId: number;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  countryCode: string;

  @ManyToOne(() => Dialogue, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dialogue_id' })
  dialogue?: Dialogue;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Country;
}
