import { CommitmentStatus } from './commitment.enums';

/**
 * How a commitment's status may move, and how the status of a commitment with several
 * obligated parties follows from theirs. Pure functions; docs/commitment-status.md states the
 * same rules for readers of the API.
 */

const {
  ANNOUNCED,
  IN_PROGRESS,
  STALLED,
  PARTIALLY_FULFILLED,
  FULFILLED,
  NOT_FULFILLED,
  INCONCLUSIVE,
  WITHDRAWN,
} = CommitmentStatus;

/**
 * The transition table: the statuses each status may be changed to.
 *
 * - ANNOUNCED is only ever the first status: nothing goes back to it.
 * - While open (ANNOUNCED, IN_PROGRESS, STALLED, PARTIALLY_FULFILLED, INCONCLUSIVE) a commitment
 *   may go to any other status but ANNOUNCED.
 * - FULFILLED is a verdict: it can only be contested (INCONCLUSIVE), from where a new verdict
 *   can be reached with new evidence.
 * - NOT_FULFILLED can be contested (INCONCLUSIVE) or overtaken by late action (IN_PROGRESS,
 *   PARTIALLY_FULFILLED, FULFILLED), but not withdrawn after the fact.
 * - WITHDRAWN is terminal: an undertaking revived later is a new commitment.
 * - No status changes to itself (that would be an event recording nothing).
 */
export const TRANSITIONS: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  ANNOUNCED: [IN_PROGRESS, STALLED, PARTIALLY_FULFILLED, FULFILLED, NOT_FULFILLED, INCONCLUSIVE, WITHDRAWN],
  IN_PROGRESS: [STALLED, PARTIALLY_FULFILLED, FULFILLED, NOT_FULFILLED, INCONCLUSIVE, WITHDRAWN],
  STALLED: [IN_PROGRESS, PARTIALLY_FULFILLED, FULFILLED, NOT_FULFILLED, INCONCLUSIVE, WITHDRAWN],
  PARTIALLY_FULFILLED: [IN_PROGRESS, STALLED, FULFILLED, NOT_FULFILLED, INCONCLUSIVE, WITHDRAWN],
  FULFILLED: [INCONCLUSIVE],
  NOT_FULFILLED: [IN_PROGRESS, PARTIALLY_FULFILLED, FULFILLED, INCONCLUSIVE],
  INCONCLUSIVE: [IN_PROGRESS, STALLED, PARTIALLY_FULFILLED, FULFILLED, NOT_FULFILLED, WITHDRAWN],
  WITHDRAWN: [],
};

export function canTransition(from: CommitmentStatus, to: CommitmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a change is refused ("cannot go from FULFILLED to IN_PROGRESS"), or null when it is allowed. */
export function transitionError(from: CommitmentStatus, to: CommitmentStatus): string | null {
  return canTransition(from, to) ? null : `cannot go from ${from} to ${to}`;
}

/** Verdicts that must rest on evidence (a statement, a meeting outcome or an address). */
export const EVIDENCE_REQUIRED: readonly CommitmentStatus[] = [FULFILLED, PARTIALLY_FULFILLED, NOT_FULFILLED];

export function needsEvidence(status: CommitmentStatus): boolean {
  return EVIDENCE_REQUIRED.includes(status);
}

/**
 * The overall status of a commitment from its parties' statuses (null when it has no party:
 * then its status is set directly). In order:
 *
 * 1. parties that WITHDRAWN are set aside; when every party withdrew: WITHDRAWN;
 * 2. when the remaining parties agree: their status (FULFILLED only when every one fulfilled);
 * 3. otherwise, when some party delivered (FULFILLED or PARTIALLY_FULFILLED): PARTIALLY_FULFILLED;
 * 4. otherwise, when some party is acting: IN_PROGRESS;
 * 5. otherwise, when some party stalled: STALLED;
 * 6. otherwise, when some party did not fulfil: NOT_FULFILLED;
 * 7. otherwise (ANNOUNCED mixed with INCONCLUSIVE): INCONCLUSIVE.
 */
export function deriveOverallStatus(partyStatuses: readonly CommitmentStatus[]): CommitmentStatus | null {
  if (!partyStatuses.length) return null;
  const active = partyStatuses.filter((s) => s !== WITHDRAWN);
  if (!active.length) return WITHDRAWN;
  const distinct = new Set(active);
  if (distinct.size === 1) return active[0];
  if (distinct.has(FULFILLED) || distinct.has(PARTIALLY_FULFILLED)) return PARTIALLY_FULFILLED;
  if (distinct.has(IN_PROGRESS)) return IN_PROGRESS;
  if (distinct.has(STALLED)) return STALLED;
  if (distinct.has(NOT_FULFILLED)) return NOT_FULFILLED;
  return INCONCLUSIVE;
}

export interface PartyState {
  id: number;
  status: CommitmentStatus;
}

export interface PlannedChange {
  partyId: number;
  from: CommitmentStatus;
  to: CommitmentStatus;
}

export type StatusPlan =
  | { ok: true; changes: PlannedChange[]; overall: { from: CommitmentStatus; to: CommitmentStatus } | null }
  | { ok: false; partyId: number | null; message: string };

/**
 * What setting `to` changes. On a commitment without parties: the commitment itself (`changes`
 * empty, `overall` the change). Otherwise the parties: the one named by `partyId`, or with no
 * partyId every party not already in `to` (at least one must change); each change must be
 * allowed by the table; `overall` is the derived status when it differs from the current one
 * (null when it stays). The table judges what is set; a derived status follows whatever it is.
 */
export function planStatusChange(
  current: CommitmentStatus,
  parties: readonly PartyState[],
  to: CommitmentStatus,
  partyId: number | null,
): StatusPlan {
  if (!parties.length) {
    const message = transitionError(current, to);
    return message ? { ok: false, partyId: null, message } : { ok: true, changes: [], overall: { from: current, to } };
  }
  const targets = partyId === null ? parties.filter((p) => p.status !== to) : parties.filter((p) => p.id === partyId);
  if (!targets.length) return { ok: false, partyId: null, message: transitionError(to, to)! };
  for (const party of targets) {
    const message = transitionError(party.status, to);
    if (message) return { ok: false, partyId: party.id, message };
  }
  const changed = new Set(targets.map((p) => p.id));
  const derived = deriveOverallStatus(parties.map((p) => (changed.has(p.id) ? to : p.status)))!;
  return {
    ok: true,
    changes: targets.map((p) => ({ partyId: p.id, from: p.status, to })),
    overall: derived === current ? null : { from: current, to: derived },
  };
}
