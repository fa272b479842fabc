import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Country } from '../countries/country.entity';
import { columnTypes } from '../database/column-types';
import { Organization } from '../organizations/organization.entity';

export enum ParticipantRole {
  OFFICIAL = 'OFFICIAL',
  JOURNALIST = 'JOURNALIST',
  MODERATOR = 'MODERATOR',
  OPERATOR = 'OPERATOR',
  OTHER = 'OTHER',
}
registerEnumType(ParticipantRole, { name: 'ParticipantRole' });

@ObjectType({ description: 'A person, or an anonymous speaker, with the post held at the time.' })
@Entity('participant')
@Index(['name'])
@Index(['role'])
@Index(['organizationId'])
@Index(['countryCode'])
@Index(['anonymous'])
export class Participant {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => String, { nullable: true, description: 'Mr., Ambassador, General, ...' })
  @Column({ type: 'varchar', length: 60, nullable: true })
  honorific: string | null;

  @Field(() => String, { nullable: true, description: 'The post held at the time, e.g. Foreign Secretary.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  post: string | null;

  @Column({ type: 'integer', nullable: true })
  organizationId: number | null;

  @ManyToOne(() => Organization, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  countryCode: string | null;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Country | null;

  @Field(() => ParticipantRole)
  @Column({ type: 'varchar', length: 20 })
  role: ParticipantRole;

  @Field({ description: 'True for speakers on background, e.g. "Senior Administration Official One".' })
  @Column({ type: 'boolean' })
  anonymous: boolean;

  @Field(() => String, { nullable: true, description: 'How an anonymous speaker is to be cited.' })
  @Column({ type: 'text', nullable: true })
  attribution: string | null;

  @Field(() => [String], { description: 'Other names the record is known by (labels, short forms).' })
  @Column({ type: 'simple-json' })
  aliases: string[];

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  updatedAt: Date;
}
