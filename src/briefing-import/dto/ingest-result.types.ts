import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Briefing } from '../../briefings/briefing.entity';
import { CommitmentCandidate } from '../../candidates/commitment-candidate.entity';

@ObjectType({ description: 'How many records an ingest created (or, in a dry run, would create).' })
export class IngestCounts {
  @Field(() => Int) statements: number;
  @Field(() => Int) participants: number;
  @Field(() => Int) organizations: number;
  @Field(() => Int) meetings: number;
  @Field(() => Int) topicTags: number;
  @Field(() => Int) candidates: number;
  @Field(() => Int) commitments: number;
}

@ObjectType({ description: 'A statement as ingest reads it (dry-run preview).' })
export class PreviewStatement {
  @Field(() => Int) turnIndex: number;
  @Field(() => Int) paragraphIndex: number;
  @Field(() => String, { nullable: true }) speakerLabel: string | null;
  @Field(() => String, { nullable: true }) speakerName: string | null;
  @Field() kind: string;
  @Field() text: string;
  @Field(() => [String]) topics: string[];
  @Field(() => [String], { description: 'The cue behind each topic, in the same order.' }) topicCues: string[];
}

@ObjectType({ description: 'A person ingest found (dry-run preview).' })
export class PreviewParticipant {
  @Field() name: string;
  @Field(() => String, { nullable: true }) post: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => String, { nullable: true }) organization: string | null;
  @Field() role: string;
  @Field() anonymous: boolean;
  @Field() speaker: boolean;
  @Field(() => [String]) aliases: string[];
  @Field({ description: 'True when an existing participant would be reused.' }) existing: boolean;
}

@ObjectType({ description: 'A meeting ingest found (dry-run preview).' })
export class PreviewMeeting {
  @Field() title: string;
  @Field() kind: string;
  @Field() status: string;
  @Field(() => String, { nullable: true }) date: string | null;
  @Field(() => String, { nullable: true }) location: string | null;
  @Field(() => [String]) participants: string[];
  @Field() quote: string;
  @Field() cue: string;
}

@ObjectType({ description: 'A commitment ingest would propose (dry-run preview).' })
export class PreviewCandidate {
  @Field(() => Int) statementIndex: number;
  @Field() quote: string;
  @Field() kind: string;
  @Field(() => [String]) topics: string[];
  @Field(() => [String]) parties: string[];
  @Field(() => String, { nullable: true }) dueDate: string | null;
  @Field() dueDatePrecision: string;
  @Field(() => Float) confidence: number;
  @Field() cue: string;
  @Field(() => [String], { description: 'The features that weighed most in the confidence, strongest first.' }) reasons: string[];
}

@ObjectType({ description: 'Everything a dry run would create.' })
export class IngestPreview {
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true }) kind: string | null;
  @Field(() => String, { nullable: true }) date: string | null;
  @Field(() => String, { nullable: true }) location: string | null;
  @Field(() => String, { nullable: true }) medium: string | null;
  @Field(() => String, { nullable: true, description: 'The sourceUrl given, else the address the text names ("Source: https://...").' }) sourceUrl: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM, from the header or a time stamp before the first label.' }) startTime: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM, from an END mark or a time stamp after the last turn.' }) endTime: string | null;
  @Field(() => [PreviewStatement]) statements: PreviewStatement[];
  @Field(() => [PreviewParticipant]) participants: PreviewParticipant[];
  @Field(() => [PreviewMeeting]) meetings: PreviewMeeting[];
  @Field(() => [PreviewCandidate]) candidates: PreviewCandidate[];
}

@ObjectType()
export class IngestResult {
  @Field(() => Briefing, { nullable: true, description: 'The briefing created, or found by its text; null in a dry run.' })
  briefing: Briefing | null;

  @Field(() => IngestCounts)
  created: IngestCounts;

  @Field(() => [CommitmentCandidate])
  candidates: CommitmentCandidate[];

  @Field(() => [String], { description: 'Paragraphs it could not attribute, dates it could not resolve, ...' })
  warnings: string[];

  @Field()
  dryRun: boolean;

  @Field({ description: 'True when this text was ingested before, up to line endings, non-breaking and trailing spaces (nothing was created).' })
  alreadyIngested: boolean;

  @Field(() => IngestPreview, { nullable: true, description: 'In a dry run: what would be created.' })
  preview: IngestPreview | null;
}
