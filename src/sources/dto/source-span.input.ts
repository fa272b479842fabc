import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';

/** Points at words in a statement: character offsets into its text, end exclusive. */
@InputType()
export class SourceSpanInput {
  @Field(() => ID)
  @IsString()
  @IsNotEmpty()
  statementId: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  start: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  end: number;

  @Field(() => String, { nullable: true, description: 'If given, must equal the statement text between start and end.' })
  @IsOptional()
  @IsString()
  quote?: string | null;
}
