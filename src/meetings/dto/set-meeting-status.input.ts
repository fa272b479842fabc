import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional } from 'class-validator';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';
import { MeetingStatus } from '../meeting.entity';

@InputType()
export class SetMeetingStatusInput {
  @Field(() => ID)
  @IsNotEmpty()
  id: string;

  @Field(() => MeetingStatus)
  @IsEnum(MeetingStatus)
  status: MeetingStatus;

  @Field(() => CalendarDate, { nullable: true, description: 'The (new) date: when it was held, or the date it was moved to.' })
  @IsOptional()
  date?: string | null;
}
