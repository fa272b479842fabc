import { InitialSchema1764288000000 } from './1764288000000-InitialSchema';
import { CommitmentCandidates1764300000000 } from './1764300000000-CommitmentCandidates';
import { CommitmentHistoryIndexes1764310000000 } from './1764310000000-CommitmentHistoryIndexes';
import { MeetingOutcomeLifecycle1764320000000 } from './1764320000000-MeetingOutcomeLifecycle';
import { FullTextSearch1764330000000 } from './1764330000000-FullTextSearch';
import { TopicProgressRollup1764340000000 } from './1764340000000-TopicProgressRollup';
import { ApiTokens1764350000000 } from './1764350000000-ApiTokens';
import { PostgresSearchDocuments1764360000000 } from './1764360000000-PostgresSearchDocuments';
import { DialogueIndexes1764370000000 } from './1764370000000-DialogueIndexes';
import { RehashBriefingText1764380000000 } from './1764380000000-RehashBriefingText';
import { TopicLexiconAdditions1764385000000 } from './1764385000000-TopicLexiconAdditions';
import { CandidateReasons1764390000000 } from './1764390000000-CandidateReasons';

/** Every migration, in order. Listed explicitly so ts-node, jest and the build all find them. */
export const MIGRATIONS = [InitialSchema1764288000000, CommitmentCandidates1764300000000, CommitmentHistoryIndexes1764310000000, MeetingOutcomeLifecycle1764320000000, FullTextSearch1764330000000, TopicProgressRollup1764340000000, ApiTokens1764350000000, PostgresSearchDocuments1764360000000, DialogueIndexes1764370000000, RehashBriefingText1764380000000, TopicLexiconAdditions1764385000000, CandidateReasons1764390000000];
