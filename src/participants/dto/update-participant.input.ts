import { InputType, PartialType } from '@nestjs/graphql';
import { CreateParticipantInput } from './create-participant.input';

/** Only the fields given change; null clears an optional field (organization, post, ...). */
@InputType()
export class UpdateParticipantInput extends PartialType(CreateParticipantInput) {}
