import { ArgsType, Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, OrderDirection } from '../../common/pagination/connection.types';
import { Organization, OrganizationKind } from '../organization.entity';

@ObjectType()
export class OrganizationConnection extends Connection(Organization) {}

@InputType()
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Words in the name or acronym.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => [OrganizationKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @IsEnum(OrganizationKind, { each: true })
  kind?: OrganizationKind[] | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string | null;
}

export enum OrganizationOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(OrganizationOrderField, { name: 'OrganizationOrderField' });

@InputType()
export class OrganizationOrder {
  @Field(() => OrganizationOrderField, { defaultValue: OrganizationOrderField.NAME })
  @IsEnum(OrganizationOrderField)
  field: OrganizationOrderField = OrganizationOrderField.NAME;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class OrganizationsArgs extends ConnectionArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganizationFilter)
  filter?: OrganizationFilter | null;

  @Field(() => OrganizationOrder, { nullable: true, description: 'Default: by name, A to Z.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganizationOrder)
  orderBy?: OrganizationOrder | null;
}
