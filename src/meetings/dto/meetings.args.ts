import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, OrderDirection } from '../../common/pagination/connection.types';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { Meeting, MeetingKind, MeetingStatus } from '../meeting.entity';

@ObjectType()
export class MeetingConnection extends Connection(Meeting) {}

@InputType()
export class MeetingFilter {
  @Field(() => [MeetingStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @IsEnum(MeetingStatus, { each: true })
  status?: MeetingStatus[] | null;

  @Field(() => [MeetingKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @IsEnum(MeetingKind, { each: true })
  kind?: MeetingKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Tagged with this topic or one of its subtopics.' })
  @IsOptional()
  topic?: string | null;

  @Field(() => ID, { nullable: true, description: 'This participant took part.' })
  @IsOptional()
  participant?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  dialogue?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: 'Dated on or after this day (undated meetings are left out).' })
  @IsOptional()
  from?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: 'Dated on or before this day (undated meetings are left out).' })
  @IsOptional()
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'Words in the title or location.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

export enum MeetingOrderField {
  DATE = 'DATE',
  TITLE = 'TITLE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(MeetingOrderField, { name: 'MeetingOrderField', description: 'DATE sorts undated meetings after every dated one.' });

@InputType()
export class MeetingOrder {
  @Field(() => MeetingOrderField, { defaultValue: MeetingOrderField.DATE })
  @IsEnum(MeetingOrderField)
  field: MeetingOrderField = MeetingOrderField.DATE;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.ASC;
}

@ArgsType()
export class MeetingsArgs extends ConnectionArgs {
  @Field(() => MeetingFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingFilter)
  filter?: MeetingFilter | null;

  @Field(() => MeetingOrder, { nullable: true, description: 'Default: by date, earliest first, undated last.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingOrder)
  orderBy?: MeetingOrder | null;
}
