import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsNotEmpty } from 'class-validator';

@ArgsType()
export class MergeParticipantsArgs {
  @Field(() => ID, { description: 'The record that stays.' })
  @IsNotEmpty()
  keepId: string;

  @Field(() => [ID], { description: 'Records folded into it and then deleted.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  mergeIds: string[];
}
