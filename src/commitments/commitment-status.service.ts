import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { PendingEvents } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { Statement } from '../statements/statement.entity';
import { Commitment, CommitmentEvent, CommitmentParty } from './commitment.entity';
import { CommitmentStatus } from './commitment.enums';
import { announceEvents, insertEvents } from './commitment-history-rows';
import { needsEvidence, planStatusChange } from './commitment-lifecycle';
import { todayIso } from './commitment-rules';
import { bumpVersion, claimVersion, staleVersion } from './commitment-version';
import { EvidenceInput } from './dto/set-commitment-status.input';

/** A status change as setCommitmentStatus takes it (logMeetingOutcome builds one per change). */
export interface StatusChange {
  /** The commitment's id. */
  id: string;
  status: CommitmentStatus;
  /** One CommitmentParty id; every party when null. */
  party?: string | null;
  /** When it became true; today when null. */
  validFrom?: string | null;
  note?: string | null;
  evidence?: EvidenceInput | null;
  expectedVersion?: number | null;
}

/** Evidence as stored on an event. */
type EvidenceRefs = { evidenceStatementId: number | null; evidenceOutcomeId: number | null; evidenceUrl: string | null };

/**
 * Status changes: setCommitmentStatus, and the same change inside another feature's transaction
 * (a meeting outcome's). Each appends events to the commitment's history under the rules of
 * commitment-lifecycle.ts (docs/commitment-status.md).
 */
@Injectable()
export class CommitmentStatusService {
  constructor(private readonly events: EventsService) {}

  /** setCommitmentStatus: one transaction; COMMITMENT_CHANGED for each event once it commits. */
  async setStatus(input: StatusChange, actor: string): Promise<Commitment> {
    return this.events.transaction((em, events) => this.setStatusWithin(em, events, input, actor));
  }

  /**
   * Appends a status change to a commitment's history inside the caller's transaction
   * (logMeetingOutcome passes its outcome as `evidence`). Rules (docs/commitment-status.md):
   * - what is set is the commitment's own status when it has no party, else one party's
   *   (`party`) or every party's not already there; each change must be allowed by the
   *   transition table (BAD_USER_INPUT on input.status: "cannot go from X to Y");
   * - FULFILLED, PARTIALLY_FULFILLED and NOT_FULFILLED need evidence (input.evidence);
   * - validFrom (default today) is not after today nor before the commitment's last event, so
   *   the history stays one chain and a back-dated event changes the answers from its date on;
   * - the overall status is derived from the parties'; one event per party changed (party set)
   *   and one overall event (party null) when the overall status moves;
   * - the version check is the UPDATE itself (`WHERE id = ? AND version = ?`): exactly one
   *   row or CONFLICT. It runs before the change is judged, so the parties and history read
   *   afterwards are current (the row stays locked until commit; a refused change rolls the
   *   version back). Without expectedVersion the change waits for any concurrent one instead
   *   (claimVersion()): the commitment is read again once claimed, and judged as it then is.
   */
  async setStatusWithin(
    em: EntityManager,
    events: PendingEvents,
    input: StatusChange,
    actor: string,
    evidence?: { outcomeId?: number | null; statementId?: number | null; url?: string | null },
  ): Promise<Commitment> {
    const id = parseId(input.id, 'input.id');
    let commitment = await em.findOneBy(Commitment, { id });
    if (!commitment) throw new NotFoundError('Commitment', input.id, 'input.id');
    // A stale caller is told so before its change is judged against a status it has not seen;
    // the UPDATE below checks again, for writers that read the same version concurrently.
    if (input.expectedVersion != null && input.expectedVersion !== commitment.version) throw staleVersion(commitment, input.expectedVersion);
    const now = new Date();
    // Claim the version first: from here on no other writer can change the commitment, its
    // parties or its history until this transaction ends, so what is judged below is current.
    if (input.expectedVersion != null) await bumpVersion(em, commitment, input.expectedVersion, { updatedAt: now });
    else commitment = await claimVersion(em, id, { updatedAt: now });

    const parties = await em.find(CommitmentParty, { where: { commitmentId: id }, order: { id: 'ASC' } });
    const partyId = input.party != null ? parseId(input.party, 'input.party') : null;
    if (partyId !== null && !parties.some((p) => p.id === partyId)) throw new NotFoundError('CommitmentParty', input.party!, 'input.party');
    const plan = planStatusChange(commitment.status, parties, input.status, partyId);
    if (!plan.ok) {
      const whose = plan.partyId !== null ? `party ${plan.partyId}` : 'input.status';
      throw new BadUserInputError(`${whose}: ${plan.message}`, [{ path: 'input.status', message: plan.message }]);
    }
    const refs = await this.requireEvidence(em, input.evidence ?? null, evidence ?? null);
    if (needsEvidence(input.status) && refs.evidenceStatementId === null && refs.evidenceOutcomeId === null && refs.evidenceUrl === null) {
      throw BadUserInputError.field('input.evidence', `${input.status} needs evidence: a statement, a meeting outcome or a url`);
    }
    const validFrom = await this.checkValidFrom(em, id, input.validFrom ?? null, todayIso(now));

    if (plan.overall) await em.update(Commitment, { id }, { status: plan.overall.to });
    for (const change of plan.changes) await em.update(CommitmentParty, { id: change.partyId }, { status: change.to });
    const common = { commitmentId: id, validFrom, recordedAt: now, actor, note: input.note?.trim() || null, ...refs };
    const eventIds = await insertEvents(em, [
      ...plan.changes.map((c) => ({ ...common, partyId: c.partyId, fromStatus: c.from, toStatus: c.to })),
      ...(plan.overall ? [{ ...common, partyId: null, fromStatus: plan.overall.from, toStatus: plan.overall.to }] : []),
    ]);
    await announceEvents(em, events, id, eventIds);
    return em.findOneByOrFail(Commitment, { id });
  }

  /** validFrom: today by default, never after today, never before the commitment's last event. */
  private async checkValidFrom(em: EntityManager, commitmentId: number, given: string | null, today: string): Promise<string> {
    const validFrom = given ?? today;
    if (validFrom > today) throw BadUserInputError.field('input.validFrom', `must not be after today (${today})`);
    const last = await em.findOne(CommitmentEvent, { where: { commitmentId }, order: { validFrom: 'DESC', id: 'DESC' }, select: { id: true, validFrom: true } });
    if (last && validFrom < last.validFrom) {
      throw BadUserInputError.field('input.validFrom', `must not be before the last status change (${last.validFrom})`);
    }
    return validFrom;
  }

  /** The evidence given in the input, plus the caller's (a meeting outcome), each checked to exist. */
  private async requireEvidence(
    em: EntityManager,
    input: EvidenceInput | null,
    extra: { outcomeId?: number | null; statementId?: number | null; url?: string | null } | null,
  ): Promise<EvidenceRefs> {
    const statementId = extra?.statementId ?? (input?.statementId != null ? parseId(input.statementId, 'input.evidence.statementId') : null);
    const outcomeId = extra?.outcomeId ?? (input?.outcomeId != null ? parseId(input.outcomeId, 'input.evidence.outcomeId') : null);
    if (statementId !== null && !(await em.existsBy(Statement, { id: statementId }))) {
      throw new NotFoundError('Statement', input?.statementId ?? statementId, 'input.evidence.statementId');
    }
    if (outcomeId !== null && !(await em.existsBy(MeetingOutcome, { id: outcomeId }))) {
      throw new NotFoundError('MeetingOutcome', input?.outcomeId ?? outcomeId, 'input.evidence.outcomeId');
    }
    return { evidenceStatementId: statementId, evidenceOutcomeId: outcomeId, evidenceUrl: extra?.url ?? (input?.url?.trim() || null) };
  }
}
