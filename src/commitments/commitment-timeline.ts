import { Meeting, MeetingOutcome } from '../meetings/meeting.entity';
import { CommitmentEvent } from './commitment.entity';
import { CommitmentMeetingRelation } from './commitment.enums';
import { TIMELINE_KIND_ORDER, TimelineEntry, TimelineEntryKind } from './dto/timeline.types';

export interface TimelineSources {
  /** Statements quoted as the commitment's source, with their briefing's date. */
  statements: { statementId: number; date: string | null }[];
  /** Meetings it is tied to (commitment_meeting), with the outcome when one made the tie. */
  meetings: { relation: CommitmentMeetingRelation; meeting: Meeting; outcome: MeetingOutcome | null }[];
  /** Its history (party and whole-commitment events). */
  events: CommitmentEvent[];
}

const KIND_OF_RELATION: Record<CommitmentMeetingRelation, TimelineEntryKind> = {
  DISCUSSED: TimelineEntryKind.DISCUSSED_AT,
  CREATED: TimelineEntryKind.CREATED_AT,
  ADVANCED: TimelineEntryKind.ADVANCED_AT,
};

/**
 * One ordered list of what happened to a commitment: by date (unknown dates last), then by
 * kind (announced, discussed, created, advanced, status changed), then by the record's id.
 * A statement quoted by several spans appears once; a meeting is dated by the outcome's
 * heldOn when an outcome made the tie, else by its own date.
 */
export function buildTimeline({ statements, meetings, events }: TimelineSources): TimelineEntry[] {
  const entries: { entry: TimelineEntry; id: number }[] = [];
  const base = { statementId: null, meeting: null, outcome: null, event: null };
  const seen = new Set<number>();
  for (const s of statements) {
    if (seen.has(s.statementId)) continue;
    seen.add(s.statementId);
    entries.push({ id: s.statementId, entry: { ...base, date: s.date, kind: TimelineEntryKind.ANNOUNCED_IN, statementId: s.statementId } });
  }
  for (const m of meetings) {
    const date = m.outcome?.heldOn ?? m.meeting.date ?? null;
    entries.push({ id: m.meeting.id, entry: { ...base, date, kind: KIND_OF_RELATION[m.relation], meeting: m.meeting, outcome: m.outcome } });
  }
  for (const e of events) entries.push({ id: e.id, entry: { ...base, date: e.validFrom, kind: TimelineEntryKind.STATUS_CHANGED, event: e } });
  return entries
    .sort(
      (a, b) =>
        compareDates(a.entry.date, b.entry.date) || TIMELINE_KIND_ORDER[a.entry.kind] - TIMELINE_KIND_ORDER[b.entry.kind] || a.id - b.id,
    )
    .map((e) => e.entry);
}

function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
