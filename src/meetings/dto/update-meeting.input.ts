import { InputType, OmitType, PartialType } from '@nestjs/graphql';
import { CreateMeetingInput } from './create-meeting.input';

/**
 * Only the fields given change; topicIds and sources, when given, replace the lists. The
 * status moves with setMeetingStatus, participants with add/removeMeetingParticipants.
 */
@InputType()
export class UpdateMeetingInput extends PartialType(OmitType(CreateMeetingInput, ['status', 'participants'] as const)) {}
