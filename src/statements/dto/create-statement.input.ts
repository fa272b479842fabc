import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { StatementKind } from '../statement.entity';

/** One paragraph of one speaker's turn, given in the order it was said. */
@InputType()
export class CreateStatementInput {
  @Field(() => ID, { nullable: true, description: 'The participant who said it.' })
  @IsOptional()
  speakerId?: string | null;

  @Field(() => String, { nullable: true, description: 'The label as written, e.g. SENIOR ADMINISTRATION OFFICIAL ONE.' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'speakerLabel must not be blank' })
  @MaxLength(200)
  speakerLabel?: string | null;

  @Field(() => StatementKind, { defaultValue: StatementKind.REMARK })
  @IsEnum(StatementKind)
  kind: StatementKind = StatementKind.REMARK;

  @Field()
  @IsString()
  @Matches(/\S/, { message: 'text must not be blank' })
  @MaxLength(100_000)
  text: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  topicIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Default: a new turn whenever the speaker (id or label) changes.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  turnIndex?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default: the next paragraph of the same turn, 0 for a new turn.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  paragraphIndex?: number | null;
}
