/**
 * The output of the pure ingest pipeline (src/ingest). No Nest, no database: the
 * BriefingImportService (src/briefing-import/briefing-import.service.ts) turns a ParsedBriefing into records.
 *
 * Offsets: `start`/`end` on a statement are character offsets into the ORIGINAL briefing
 * text (the exact text that is stored). Candidate and meeting spans are offsets into the
 * statement's `text`, which is itself the exact slice original.slice(start, end).
 */

export type StatementKind = 'REMARK' | 'QUESTION' | 'ANSWER' | 'PROCEDURAL';
export type ParticipantRole = 'OFFICIAL' | 'JOURNALIST' | 'MODERATOR' | 'OPERATOR' | 'OTHER';
export type OrganizationKind = 'GOVERNMENT' | 'NEWS_OUTLET' | 'INTERNATIONAL' | 'OTHER';
export type MeetingKind = 'PHONE_CALL' | 'VIDEO_CALL' | 'IN_PERSON' | 'VISIT' | 'OTHER';
export type MeetingStatus = 'PLANNED' | 'HELD' | 'POSTPONED' | 'CANCELLED';
export type CommitmentKind = 'ACTION' | 'MEETING' | 'GOAL' | 'DIRECTIVE' | 'PROCEDURAL';
export type DatePrecision = 'DAY' | 'MONTH' | 'QUARTER' | 'YEAR' | 'NONE';

/** A topic as the database knows it; ingest tags from these keywords (editable via the API). */
export interface TopicLexiconEntry {
  slug: string;
  title: string;
  parentSlug: string | null;
  keywords: string[];
}

export interface IngestOptions {
  /** Overrides the header's date (YYYY-MM-DD); relative dates resolve against the final date. */
  date?: string | null;
  /** Overrides the header's title. */
  title?: string | null;
  topics: TopicLexiconEntry[];
  /**
   * Commitment candidates the model scores below this (0..1) are not proposed. Defaults to the
   * threshold chosen when the model was trained (commitment-weights.json).
   */
  minConfidence?: number | null;
}

export interface ParsedOrganization {
  name: string;
  acronym: string | null;
  kind: OrganizationKind;
  /** ISO 3166 alpha-2, e.g. 'US', 'MX'; null when unknown. */
  country: string | null;
}

export interface ParsedHeader {
  title: string | null;
  kind: string | null; // 'Special Briefing', 'Background Press Call', 'Press Gaggle', ...
  date: string | null; // YYYY-MM-DD
  location: string | null;
  medium: string | null; // 'Via Teleconference'
  attribution: string | null; // 'Senior Administration Officials'
  startTime: string | null; // HH:MM (24h) when given
  endTime: string | null; // HH:MM (24h): an END mark, a closing note, or a time stamp after the last turn
  /** The page's address: a "Source:" (or "URL:", "Link:") line, or a bare address line in the header. */
  sourceUrl: string | null;
  /**
   * The day the briefing was held when the text gives one that differs from `date` (a "Date:"
   * line with the publication day, "(June 6, 2022)" in the text); relative dates count from it.
   */
  heldOn: string | null; // YYYY-MM-DD
}

/** Someone who speaks (a label) or is mentioned. `key` is stable within one ParsedBriefing. */
export interface ParsedPerson {
  key: string;
  name: string; // display name: 'Enrique Pena Nieto', 'Senior Administration Official One'
  surname: string | null;
  honorific: string | null; // 'Mr.', 'Ambassador', 'General'
  post: string | null; // 'Foreign Secretary', 'President'
  role: ParticipantRole;
  anonymous: boolean;
  attribution: string | null; // for anonymous speakers: the attribution text
  organization: ParsedOrganization | null;
  country: string | null;
  /** Every other way the text names them (labels, bracketed stand-ins, short forms). */
  aliases: string[];
  /** Why we believe this (rule names/cues), for explainability. */
  cues: string[];
}

export interface TopicTag {
  slug: string;
  /** The rule or keyword that fired, e.g. 'keyword:counterterrorism' or 'cue:On security,'. */
  cue: string;
}

export interface ParsedStatement {
  index: number; // position in the briefing, 0-based
  turnIndex: number;
  paragraphIndex: number; // within its turn
  speakerKey: string | null; // ParsedPerson.key, null when unattributed
  speakerLabel: string | null; // the label as written: 'SENIOR ADMINISTRATION OFFICIAL ONE'
  kind: StatementKind;
  text: string; // exact slice of the original text, label and its colon excluded
  start: number;
  end: number;
  topics: TopicTag[];
}

export interface TextSpan {
  statementIndex: number;
  start: number; // into statements[statementIndex].text
  end: number;
  quote: string; // === statement.text.slice(start, end)
}

export interface MeetingSide {
  country: string | null;
  personKeys: string[];
}

export interface ParsedMeeting {
  title: string;
  kind: MeetingKind;
  status: MeetingStatus;
  date: string | null; // YYYY-MM-DD
  location: string | null;
  sides: MeetingSide[];
  topics: string[]; // slugs
  span: TextSpan;
  cue: string;
}

export interface ParsedParty {
  /** An organisation or a country; at least one is set. */
  organization: ParsedOrganization | null;
  country: string | null;
}

export interface ParsedCandidate {
  span: TextSpan;
  kind: CommitmentKind;
  topics: TopicTag[];
  parties: ParsedParty[];
  dueDate: string | null;
  dueDatePrecision: DatePrecision;
  /** Calibrated probability (0..1) that the sentence is a commitment, from the commitment model. */
  confidence: number;
  /** The rule that placed the span (e.g. "will:will", "directive:instructed ..."), or "model:" for a whole sentence. */
  cue: string;
  /** The features that weighed most in the model's score, strongest first ("future:will +1.20"). */
  reasons: string[];
  /** A short title for the commitment (derived from the span). */
  title: string;
}

export interface ParsedBriefing {
  header: ParsedHeader;
  /** Offsets of the briefing body (title through last turn) in the original text. */
  bodyStart: number;
  bodyEnd: number;
  turnCount: number;
  statements: ParsedStatement[];
  speakers: ParsedPerson[];
  mentioned: ParsedPerson[];
  meetings: ParsedMeeting[];
  candidates: ParsedCandidate[];
  warnings: string[];
}
