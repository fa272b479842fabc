import { BadUserInputError } from '../common/errors/domain-errors';
import { COMPLIANCE_SCORE, CommitmentStatus, DatePrecision } from './commitment.enums';

/**
 * The rules of a commitment's life that need no database: which statuses are final, when a
 * commitment is overdue, what its status was on a date, how a due date and its precision fit.
 */

/** Statuses after which nothing more is expected: such a commitment is never overdue. */
export const FINAL_STATUSES: readonly CommitmentStatus[] = [CommitmentStatus.FULFILLED, CommitmentStatus.NOT_FULFILLED, CommitmentStatus.WITHDRAWN];

/** Every status, in the enum's (and the dashboards') order. */
export const ALL_STATUSES: readonly CommitmentStatus[] = Object.values(CommitmentStatus);

export function isFinalStatus(status: CommitmentStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Today's calendar date (UTC), YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Overdue is derived, never stored: due before `today` and not in a final status. */
export function isOverdue(commitment: { dueDate: string | null; status: CommitmentStatus }, today: string = todayIso()): boolean {
  return commitment.dueDate !== null && commitment.dueDate < today && !isFinalStatus(commitment.status);
}

/** The G7/G20 score of a status: +1, 0, -1, or null when the status is not assessed. */
export function complianceScoreOf(status: CommitmentStatus): number | null {
  return COMPLIANCE_SCORE[status];
}

export interface StatusEvent {
  id: number;
  partyId: number | null;
  toStatus: CommitmentStatus;
  validFrom: string;
}

/**
 * The commitment's status on `date`, read from its history: the toStatus of the last
 * commitment-level event (not a single party's) that was valid by then, ties broken by id;
 * null before the first event.
 */
export function statusAt(events: readonly StatusEvent[], date: string): CommitmentStatus | null {
  let last: StatusEvent | null = null;
  for (const event of events) {
    if (event.partyId !== null || event.validFrom > date) continue;
    if (!last || event.validFrom > last.validFrom || (event.validFrom === last.validFrom && event.id > last.id)) last = event;
  }
  return last?.toStatus ?? null;
}

/**
 * A due date and how exactly it was stated, made consistent: a date without a precision is
 * exact (DAY), no date means NONE, and NONE cannot carry a date nor another precision lack one.
 * `paths` name the input fields in errors.
 */
export function normaliseDueDate(
  dueDate: string | null,
  precision: DatePrecision | null,
  paths: { dueDate: string; precision: string },
): { dueDate: string | null; dueDatePrecision: DatePrecision } {
  if (dueDate === null) {
    if (precision !== null && precision !== DatePrecision.NONE) {
      throw BadUserInputError.field(paths.precision, `${precision} needs a dueDate`);
    }
    return { dueDate: null, dueDatePrecision: DatePrecision.NONE };
  }
  if (precision === DatePrecision.NONE) throw BadUserInputError.field(paths.precision, 'NONE requires no dueDate');
  return { dueDate, dueDatePrecision: precision ?? DatePrecision.DAY };
}
