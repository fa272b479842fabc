import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs, OrderDirection } from '../../common/pagination/connection.types';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { StatementKind } from '../statement.entity';

@InputType()
export class StatementFilter {
  @Field(() => ID, { nullable: true, description: 'Statements tagged with this topic or one of its subtopics.' })
  @IsOptional()
  topic?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  briefing?: string | null;

  @Field(() => ID, { nullable: true, description: 'Statements this participant spoke.' })
  @IsOptional()
  speaker?: string | null;

  @Field(() => StatementKind, { nullable: true })
  @IsOptional()
  @IsEnum(StatementKind)
  kind?: StatementKind | null;

  @Field(() => String, { nullable: true, description: 'Words in the text (case-insensitive substring).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: "On or after this briefing date." })
  @IsOptional()
  from?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: "On or before this briefing date." })
  @IsOptional()
  to?: string | null;
}

export enum StatementOrderField {
  /** Briefing date, briefing, turn, paragraph: the order in which things were said. */
  POSITION = 'POSITION',
  ID = 'ID',
}
registerEnumType(StatementOrderField, {
  name: 'StatementOrderField',
  valuesMap: { POSITION: { description: 'Briefing date, then briefing, turn and paragraph: the order things were said.' } },
});

@InputType()
export class StatementOrder {
  @Field(() => StatementOrderField, { defaultValue: StatementOrderField.POSITION })
  @IsEnum(StatementOrderField)
  field: StatementOrderField = StatementOrderField.POSITION;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class StatementsArgs extends ConnectionArgs {
  @Field(() => StatementFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatementFilter)
  filter?: StatementFilter | null;

  @Field(() => StatementOrder, { nullable: true, description: 'Default: POSITION ascending.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatementOrder)
  orderBy?: StatementOrder | null;
}
