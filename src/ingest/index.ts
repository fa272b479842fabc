/**
 * The pure briefing-ingest library (no Nest, no database, no I/O).
 *
 * `parseBriefing(text, { topics, date?, title? })` turns a briefing transcript into a
 * ParsedBriefing: header, statements with speakers and topics, people mentioned, meetings
 * and commitment candidates, each with offsets into the original text and the rule (cue)
 * that produced it. Empty text throws IngestInputError; anything else it cannot understand
 * is reported in `warnings`.
 */
export * from './ingest.types';
export { parseBriefing, parseBriefingDetailed } from './parse-briefing';
export { COMMITMENT_MODEL, DEFAULT_MIN_CONFIDENCE, type CommitmentModel } from './commitment-model';
export type { SentenceRow } from './candidates';
export { IngestInputError } from './errors';
export { DEFAULT_TOPICS } from './default-topics';
export { normaliseText, toOriginalRange, foldForMatch, isChromeLine } from './normalise';
export { parseHeader, classifyHeaderLine, BRIEFING_KINDS } from './header';
export { segmentTurns, matchLabel } from './turns';
export { parseLabel, buildSpeakers } from './speakers';
export { classifyStatement } from './statements';
export { splitSentences, sourceSentence } from './sentences';
export { parseAbsoluteDate, findDateMentions, findDueDate } from './dates';
export { buildTopicMatcher, lexiconKey, tagText, tagStatement, topicMatcherFor } from './topics';
