import { CommitmentMeetingRelation } from '../commitments/commitment.enums';
import { todayIso } from '../commitments/commitment-rules';
import { BadUserInputError, DomainError } from '../common/errors/domain-errors';
import { MeetingStatus } from './meeting.entity';

/** A HELD meeting has taken place: its date cannot lie after today (UTC). */
export function refuseHeldInFuture(status: MeetingStatus, date: string | null, path = 'input.date'): void {
  const today = todayIso();
  if (status === MeetingStatus.HELD && date !== null && date > today) {
    throw BadUserInputError.field(path, `a held meeting cannot be dated after today (${today})`);
  }
}

/**
 * Points the paths of an error raised for a nested input at where that input sits: each
 * `[from, to]` pair rewrites a path starting with `from` (the first that matches wins), e.g.
 * `['input.id', 'input.statusChanges.2.commitmentId']`, `['input.', 'input.statusChanges.2.']`.
 */
export function rebase<E extends DomainError>(error: E, ...moves: [from: string, to: string][]): E {
  const ext = error.extensions as { path?: unknown; fields?: { path: string; message: string }[] };
  const move = (path: string) => {
    for (const [from, to] of moves) if (path === from || path.startsWith(from.endsWith('.') ? from : `${from}.`)) return to + path.slice(from.length);
    return path;
  };
  if (typeof ext.path === 'string') ext.path = move(ext.path);
  if (Array.isArray(ext.fields)) ext.fields = ext.fields.map((f) => ({ ...f, path: move(f.path) }));
  return error;
}

/** How strongly a meeting is tied to a commitment: CREATED > ADVANCED > DISCUSSED. */
const RELATION_RANK: Record<CommitmentMeetingRelation, number> = { DISCUSSED: 0, ADVANCED: 1, CREATED: 2 };

export interface MeetingLink {
  relation: CommitmentMeetingRelation;
  outcomeId: number | null;
}

/**
 * What the one (commitment, meeting) link becomes when an outcome ties the commitment to the
 * meeting again; null when the existing link stays as it is. A link already made by an
 * outcome keeps that outcome (a final outcome's commitments never change under it); a
 * stronger relation replaces a weaker one; a link without an outcome gains this one.
 */
export function mergeMeetingLink(existing: MeetingLink | null, wanted: MeetingLink): MeetingLink | null {
  if (!existing) return wanted;
  const relation = RELATION_RANK[wanted.relation] > RELATION_RANK[existing.relation] ? wanted.relation : existing.relation;
  const outcomeId = existing.outcomeId ?? wanted.outcomeId;
  return relation === existing.relation && outcomeId === existing.outcomeId ? null : { relation, outcomeId };
}

/**
 * The meeting's date once an outcome says it was held on `heldOn`: a meeting not yet held
 * takes the day it was held; a held one keeps its date unless it had none, or the date came
 * from the outcome being corrected (`correctedHeldOn`).
 */
export function heldMeetingDate(meeting: { status: MeetingStatus; date: string | null }, heldOn: string | null, correctedHeldOn?: string | null): string | null {
  if (heldOn === null) return meeting.date;
  if (meeting.status !== MeetingStatus.HELD || meeting.date === null) return heldOn;
  if (correctedHeldOn !== undefined && correctedHeldOn !== null && meeting.date === correctedHeldOn) return heldOn;
  return meeting.date;
}
