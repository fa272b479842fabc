import { ApiToken } from './auth/api-token.entity';
import { Briefing, BriefingMention } from './briefings/briefing.entity';
import { CommitmentCandidate } from './candidates/commitment-candidate.entity';
import {
  Commitment,
  CommitmentEvent,
  CommitmentMeeting,
  CommitmentParty,
  CommitmentTopic,
} from './commitments/commitment.entity';
import { Country } from './countries/country.entity';
import { Dialogue, DialogueCountry } from './dialogues/dialogue.entity';
import { Meeting, MeetingOutcome, MeetingParticipant, MeetingTopic } from './meetings/meeting.entity';
import { Organization } from './organizations/organization.entity';
import { Participant } from './participants/participant.entity';
import { SourceSpan } from './sources/source-span.entity';
import { Statement, StatementTopic } from './statements/statement.entity';
import { Topic } from './topics/topic.entity';

export const ENTITIES = [
  ApiToken,
  Country,
  Dialogue,
  DialogueCountry,
  Topic,
  Organization,
  Participant,
  Briefing,
  BriefingMention,
  Statement,
  StatementTopic,
  Meeting,
  MeetingParticipant,
  MeetingTopic,
  MeetingOutcome,
  Commitment,
  CommitmentTopic,
  CommitmentParty,
  SourceSpan,
  CommitmentEvent,
  CommitmentMeeting,
  CommitmentCandidate,
];
