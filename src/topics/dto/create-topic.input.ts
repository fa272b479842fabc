import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@InputType()
export class CreateTopicInput {
  @Field({ description: 'Lower-case letters, digits and dashes, e.g. energy-security.' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case letters, digits and single dashes' })
  @MaxLength(80)
  slug: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Makes this a subtopic of that topic.' })
  @IsOptional()
  parentId?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[] | null;
}
