import { Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommitmentStatus } from '../../commitments/commitment.enums';
import { CreateCommitmentInput } from '../../commitments/dto/create-commitment.input';
import { CalendarDate } from '../../common/scalars/calendar-date.scalar';

/** A status change the meeting brought about; its evidence is the outcome itself. */
@InputType()
export class OutcomeStatusChangeInput {
  @Field(() => ID)
  @IsNotEmpty()
  commitmentId: string;

  @Field(() => CommitmentStatus)
  @IsEnum(CommitmentStatus)
  status: CommitmentStatus;

  @Field(() => ID, { nullable: true, description: 'One CommitmentParty of the commitment; every party when left out.' })
  @IsOptional()
  party?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: "When it became true; the outcome's heldOn when left out (else today)." })
  @IsOptional()
  validFrom?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;

  @Field(() => Int, { nullable: true, description: "The commitment's version as read; CONFLICT if it has moved on." })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

@InputType()
export class LogMeetingOutcomeInput {
  @Field(() => ID)
  @IsNotEmpty()
  meetingId: string;

  @Field({ description: 'What happened, as staff write it.' })
  @IsString()
  @Matches(/\S/, { message: 'summary must not be blank' })
  @MaxLength(20000)
  summary: string;

  @Field(() => String, { nullable: true, description: 'Decisions taken.' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  decisions?: string | null;

  @Field(() => CalendarDate, { nullable: true, description: "The day it was held; the meeting's date when not given. Not after today." })
  @IsOptional()
  heldOn?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Participants who attended. Those not yet listed on the meeting are added to it.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  attendees?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Existing commitments the meeting advanced (tied to it as ADVANCED).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  advancedCommitmentIds?: string[] | null;

  @Field(() => [ID], { nullable: true, deprecationReason: 'Use advancedCommitmentIds.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  commitmentIds?: string[] | null;

  @Field(() => [CreateCommitmentInput], { nullable: true, description: 'Commitments the meeting created (tied to it as CREATED, this outcome as their source).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateCommitmentInput)
  newCommitments?: CreateCommitmentInput[] | null;

  @Field(() => [OutcomeStatusChangeInput], { nullable: true, description: 'Status changes, recorded as events with this outcome as evidence.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OutcomeStatusChangeInput)
  statusChanges?: OutcomeStatusChangeInput[] | null;

  @Field(() => ID, { nullable: true, description: 'A FINAL outcome of the same meeting that this one corrects; it becomes SUPERSEDED when this one is finalized.' })
  @IsOptional()
  supersedesId?: string | null;
}

/**
 * Edits a DRAFT outcome: summary, decisions, heldOn and attendees (replacing the list) change
 * when given; advanced and new commitments and status changes are added to what it already did
 * (events are never taken back).
 */
@InputType()
export class UpdateMeetingOutcomeInput extends PartialType(OmitType(LogMeetingOutcomeInput, ['meetingId', 'supersedesId', 'commitmentIds'] as const)) {}
