import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class TopicFilter {
  @Field(() => String, { nullable: true, description: 'Words in the title, slug or keywords.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Children of this topic.' })
  @IsOptional()
  parent?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only top-level topics (true) or only subtopics (false).' })
  @IsOptional()
  root?: boolean | null;
}
