import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDefined, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Connection, ConnectionArgs, OrderDirection } from '../../common/pagination/connection.types';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { Commitment } from '../commitment.entity';
import { CommitmentKind, CommitmentStatus } from '../commitment.enums';

@ObjectType()
export class CommitmentConnection extends Connection(Commitment) {}

export enum CommitmentOrderField {
  ID = 'ID',
  DUE_DATE = 'DUE_DATE',
  UPDATED = 'UPDATED',
}
registerEnumType(CommitmentOrderField, {
  name: 'CommitmentOrderField',
  valuesMap: { DUE_DATE: { description: 'Commitments without a due date come last.' }, UPDATED: { description: 'By updatedAt.' } },
});

@InputType()
export class CommitmentOrder {
  @Field(() => CommitmentOrderField, { defaultValue: CommitmentOrderField.ID })
  @IsEnum(CommitmentOrderField)
  field: CommitmentOrderField = CommitmentOrderField.ID;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  @IsEnum(OrderDirection)
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType({ description: 'Commitments by the status they had on a date, read from their history (back-dated events included).' })
export class StatusAtFilter {
  @Field(() => CalendarDate)
  @IsDefined()
  date: string;

  @Field(() => [CommitmentStatus], { nullable: true, description: 'Any of these statuses; left out: any (announced by that date).' })
  @IsOptional()
  @ArrayMaxSize(8)
  @IsEnum(CommitmentStatus, { each: true })
  status?: CommitmentStatus[] | null;
}

@InputType()
export class CommitmentFilter {
  @Field(() => [CommitmentStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(8)
  @IsEnum(CommitmentStatus, { each: true })
  status?: CommitmentStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Tagged with this topic or one of its subtopics.' })
  @IsOptional()
  topic?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'An obligated party: an organization id, or a 2-letter country code (the country itself or one of its organizations).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  party?: string | null;

  @Field(() => [CommitmentKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(CommitmentKind, { each: true })
  kind?: CommitmentKind[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: due before today and not FULFILLED, NOT_FULFILLED or WITHDRAWN; false: the others.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @Field(() => StatusAtFilter, { nullable: true, description: 'The status on a date, from the history.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusAtFilter)
  statusAt?: StatusAtFilter | null;

  @Field(() => CalendarDate, { nullable: true, description: 'Due strictly before this date (commitments without a due date are left out).' })
  @IsOptional()
  dueBefore?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive words in the title or text.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  dialogue?: string | null;

  @Field(() => ID, { nullable: true, description: 'Quoted from a statement of this briefing.' })
  @IsOptional()
  briefing?: string | null;
}

@ArgsType()
export class CommitmentsArgs extends ConnectionArgs {
  @Field(() => CommitmentFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommitmentFilter)
  filter?: CommitmentFilter | null;

  @Field(() => CommitmentOrder, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommitmentOrder)
  orderBy?: CommitmentOrder | null;
}
