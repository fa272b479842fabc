import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Country } from '../countries/country.entity';
import { columnTypes } from '../database/column-types';

export enum OrganizationKind {
  GOVERNMENT = 'GOVERNMENT',
  NEWS_OUTLET = 'NEWS_OUTLET',
  INTERNATIONAL = 'INTERNATIONAL',
  OTHER = 'OTHER',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

@ObjectType({ description: 'A government body, news outlet or international body.' })
@Entity('organization')
@Index(['name'], { unique: true })
@Index(['kind'])
@Index(['countryCode'])
export class Organization {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 40, nullable: true })
  acronym: string | null;

  @Field(() => OrganizationKind)
  @Column({ type: 'varchar', length: 20 })
  kind: OrganizationKind;

  @Column({ type: 'varchar', length: 2, nullable: true })
  countryCode: string | null;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Country | null;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  updatedAt: Date;
}
