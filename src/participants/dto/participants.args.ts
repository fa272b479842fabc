import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, OrderDirection } from '../../common/pagination/connection.types';
import { Participant, ParticipantRole } from '../participant.entity';

@ObjectType()
export class ParticipantConnection extends Connection(Participant) {}

@InputType()
export class ParticipantFilter {
  @Field(() => String, { nullable: true, description: 'Words in the name, an alias or the post.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => [ParticipantRole], { nullable: true, description: 'Any of these roles.' })
  @IsOptional()
  @IsEnum(ParticipantRole, { each: true })
  role?: ParticipantRole[] | null;

  @Field(() => ID, { nullable: true, description: 'Members of this organization.' })
  @IsOptional()
  organization?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only anonymous speakers (true) or only named people (false).' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean | null;
}

export enum ParticipantOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ParticipantOrderField, { name: 'ParticipantOrderField' });

@InputType()
export class ParticipantOrder {
  @Field(() => ParticipantOrderField, { defaultValue: ParticipantOrderField.NAME })
  @IsEnum(ParticipantOrderField)
  field: ParticipantOrderField = ParticipantOrderField.NAME;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class ParticipantsArgs extends ConnectionArgs {
  @Field(() => ParticipantFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParticipantFilter)
  filter?: ParticipantFilter | null;

  @Field(() => ParticipantOrder, { nullable: true, description: 'Default: by name, A to Z.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParticipantOrder)
  orderBy?: ParticipantOrder | null;
}
