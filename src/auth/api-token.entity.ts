import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { columnTypes } from '../database/column-types';
import { Role } from '../common/security/role';

/** An API token: only its hash is kept; the token itself is shown once, when created. */
@ObjectType({ description: 'An API token (the secret itself is shown only once, by createApiToken).' })
@Entity('api_token')
export class ApiToken {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'Who or what uses it; recorded as the actor of every change made with it.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 10 })
  role: Role;

  @Field({ description: 'The first characters after "bt_": enough to recognise a token, not to use it.' })
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Field(() => Date)
  @Column({ type: columnTypes.timestamp })
  createdAt: Date;

  @Field(() => String, { nullable: true, description: 'The actor that made it (a token name, "cli" or "first start").' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  createdBy: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: columnTypes.timestamp, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: columnTypes.timestamp, nullable: true })
  revokedAt: Date | null;
}
