import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, OrderDirection } from '../../common/pagination/connection.types';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { Briefing } from '../briefing.entity';

@InputType()
export class BriefingFilter {
  @Field(() => String, { nullable: true, description: 'Words in the title or the text (case-insensitive substring).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  dialogue?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: 'Dated on or after this day.' })
  @IsOptional()
  from?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: 'Dated on or before this day.' })
  @IsOptional()
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'The kind, e.g. Background Press Call (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string | null;
}

export enum BriefingOrderField {
  ID = 'ID',
  DATE = 'DATE',
}
registerEnumType(BriefingOrderField, { name: 'BriefingOrderField' });

@InputType()
export class BriefingOrder {
  @Field(() => BriefingOrderField, { defaultValue: BriefingOrderField.ID, description: 'DATE: undated briefings come last.' })
  @IsEnum(BriefingOrderField)
  field: BriefingOrderField = BriefingOrderField.ID;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class BriefingsArgs extends ConnectionArgs {
  @Field(() => BriefingFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BriefingFilter)
  filter?: BriefingFilter | null;

  @Field(() => BriefingOrder, { nullable: true, description: 'Default: ID ascending (the order they were recorded).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BriefingOrder)
  orderBy?: BriefingOrder | null;
}

@ObjectType()
export class BriefingConnection extends Connection(Briefing) {}
