import { Field, ID, InputType, PartialType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsNotEmpty } from 'class-validator';
import { CreateParticipantInput } from './create-participant.input';

/**
 * Undoes a wrong merge, or a wrong match by ingest: what the participant did in some briefings
 * becomes another participant's. The new record copies the old one's fields unless given here;
 * `aliases` are the new record's, and are taken off the old one.
 */
@InputType()
export class SplitParticipantInput extends PartialType(CreateParticipantInput) {
  @Field(() => [ID], { description: 'The briefings whose turns, mention and meeting seats move to the new participant.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsNotEmpty({ each: true })
  briefingIds: string[];
}
