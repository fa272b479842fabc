import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Commitment, CommitmentEvent, CommitmentMeeting } from '../commitments/commitment.entity';
import { CommitmentMeetingRelation } from '../commitments/commitment.enums';
import { CommitmentStatusService } from '../commitments/commitment-status.service';
import { CommitmentWritesService } from '../commitments/commitment-writes.service';
import { conflictOnDuplicate } from '../common/errors/db-errors';
import { BadUserInputError, ConflictError, DomainError, NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { MEETING_OUTCOME_LOGGED, PendingEvents } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { Participant } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import { LogMeetingOutcomeInput, OutcomeStatusChangeInput, UpdateMeetingOutcomeInput } from './dto/log-meeting-outcome.input';
import { Meeting, MeetingOutcome, MeetingOutcomeState, MeetingParticipant, MeetingStatus } from './meeting.entity';
import { heldMeetingDate, mergeMeetingLink, rebase, refuseHeldInFuture } from './meeting-rules';

/** The junction table of MeetingOutcome.attendees. */
const ATTENDEE_TABLE = 'meeting_outcome_attendee';

/** What an outcome did, from logMeetingOutcome or an edit of its draft. */
type OutcomeEffects = Pick<LogMeetingOutcomeInput, 'attendees' | 'advancedCommitmentIds' | 'commitmentIds' | 'newCommitments' | 'statusChanges'>;

/**
 * Meeting outcomes: what staff log after a meeting.
 *
 * - logMeetingOutcome, in one transaction: the meeting becomes HELD (dated heldOn when it was
 *   not held yet or had no date); the outcome is recorded as a DRAFT with its actor and time;
 *   attendees are recorded on the outcome (and added to the meeting's participants when
 *   missing); new commitments are created with this outcome as their source (tied to the
 *   meeting as CREATED, their first event valid from heldOn with this outcome as evidence);
 *   status changes become events through CommitmentStatusService.setStatusWithin with this outcome
 *   as evidence (valid from heldOn unless given); advanced and status-changed commitments are
 *   tied to the meeting as ADVANCED. MEETING_OUTCOME_LOGGED is published after the commit.
 * - A DRAFT is edited with updateMeetingOutcome until finalizeMeetingOutcome makes it FINAL
 *   (published again, so dashboards see the record settle). FINAL and SUPERSEDED outcomes are
 *   immutable: editing or finalizing them again is a CONFLICT.
 * - A correction is a new outcome with supersedesId = a FINAL outcome of the same meeting (one
 *   correction per outcome); when the correction is finalized the corrected one becomes
 *   SUPERSEDED. Events are never taken back: a correction adds its own status changes.
 * - A planned meeting that did not happen is POSTPONED or CANCELLED with setMeetingStatus; a
 *   CANCELLED meeting has no outcome (CONFLICT).
 *
 * Attendees live in their own table (meeting_outcome_attendee), not in meeting_participant:
 * each outcome keeps the list it recorded, so a final outcome never changes when a correction
 * lists other people, and meeting_participant stays the meeting's roster with sides and roles.
 * An attendee missing from the roster is added to it (side and role unknown), so the meetings
 * of a participant include the ones they attended.
 *
 * commitment_meeting holds one row per commitment and meeting (see mergeMeetingLink): the
 * first outcome that created or advanced a commitment at a meeting keeps that link, so a
 * correction does not take commitments away from the outcome it corrects.
 */
@Injectable()
export class MeetingOutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly commitmentWrites: CommitmentWritesService,
    private readonly commitmentStatus: CommitmentStatusService,
    private readonly participants: ParticipantsService,
  ) {}

  findById(id: number): Promise<MeetingOutcome | null> {
    return this.dataSource.getRepository(MeetingOutcome).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<MeetingOutcome[]> {
    return this.dataSource.getRepository(MeetingOutcome).findBy({ id: In([...ids]) });
  }

  async log(input: LogMeetingOutcomeInput, actor: string): Promise<MeetingOutcome> {
    const meetingId = parseId(input.meetingId, 'input.meetingId');
    const supersedesId = input.supersedesId != null ? parseId(input.supersedesId, 'input.supersedesId') : null;
    return this.events.transaction(async (em, events) => {
      const meeting = await em.findOneBy(Meeting, { id: meetingId });
      if (!meeting) throw new NotFoundError('Meeting', input.meetingId, 'input.meetingId');
      if (meeting.status === MeetingStatus.CANCELLED) {
        throw new ConflictError(`Meeting ${input.meetingId} was cancelled: it has no outcome`, { status: meeting.status });
      }
      const corrected = supersedesId === null ? null : await this.requireCorrectable(em, input.supersedesId!, supersedesId, meetingId);
      const heldOn = input.heldOn ?? meeting.date;
      refuseHeldInFuture(MeetingStatus.HELD, heldOn, 'input.heldOn');
      const now = new Date();
      meeting.date = heldMeetingDate(meeting, heldOn, corrected?.heldOn);
      meeting.status = MeetingStatus.HELD;
      meeting.updatedAt = now;
      await em.save(meeting);
      const outcome = await conflictOnDuplicate(
        () =>
          em.save(
            em.create(MeetingOutcome, {
              meetingId,
              summary: input.summary.trim(),
              decisions: input.decisions?.trim() || null,
              heldOn,
              recordedAt: now,
              recordedBy: actor,
              state: MeetingOutcomeState.DRAFT,
              supersedesId,
              editedAt: null,
              editedBy: null,
              finalizedAt: null,
              finalizedBy: null,
            }),
          ),
        `Outcome ${input.supersedesId} already has a correction`,
      );
      await this.apply(em, events, outcome, input, actor);
      events.add(MEETING_OUTCOME_LOGGED, { outcomeId: outcome.id, meetingId, dialogueId: meeting.dialogueId });
      return outcome;
    });
  }

  /** Edits a DRAFT (see UpdateMeetingOutcomeInput); a FINAL or SUPERSEDED outcome is a CONFLICT. */
  async update(rawId: string, input: UpdateMeetingOutcomeInput, actor: string): Promise<MeetingOutcome> {
    const id = parseId(rawId, 'id');
    if (input.summary === null) throw BadUserInputError.field('input.summary', 'cannot be null');
    return this.events.transaction(async (em, events) => {
      const outcome = await this.requireDraft(em, rawId, id);
      const changes: Partial<MeetingOutcome> = { editedAt: new Date(), editedBy: actor };
      if (input.summary !== undefined) changes.summary = input.summary!.trim();
      if (input.decisions !== undefined) changes.decisions = input.decisions?.trim() || null;
      if (input.heldOn !== undefined && input.heldOn !== outcome.heldOn) {
        changes.heldOn = input.heldOn ?? null;
        refuseHeldInFuture(MeetingStatus.HELD, changes.heldOn, 'input.heldOn');
        const meeting = await em.findOneByOrFail(Meeting, { id: outcome.meetingId });
        // The meeting's date follows when it came from this outcome (or was never known).
        if (changes.heldOn !== null && (meeting.date === null || meeting.date === outcome.heldOn)) {
          await em.update(Meeting, { id: meeting.id }, { date: changes.heldOn, updatedAt: changes.editedAt! });
        }
      }
      // Only a DRAFT changes: a concurrent finalize wins or loses here, never half of each.
      const result = await em.update(MeetingOutcome, { id, state: MeetingOutcomeState.DRAFT }, changes);
      if (!result.affected) throw this.immutable(rawId, MeetingOutcomeState.FINAL);
      const updated = await em.findOneByOrFail(MeetingOutcome, { id });
      await this.apply(em, events, updated, input, actor);
      return updated;
    });
  }

  /** DRAFT -> FINAL; the outcome it corrects (if any) becomes SUPERSEDED. */
  async finalize(rawId: string, actor: string): Promise<MeetingOutcome> {
    const id = parseId(rawId, 'id');
    return this.events.transaction(async (em, events) => {
      const outcome = await this.requireDraft(em, rawId, id);
      const finalized = await em.update(
        MeetingOutcome,
        { id, state: MeetingOutcomeState.DRAFT },
        { state: MeetingOutcomeState.FINAL, finalizedAt: new Date(), finalizedBy: actor },
      );
      if (!finalized.affected) throw this.immutable(rawId, MeetingOutcomeState.FINAL);
      if (outcome.supersedesId !== null) {
        await em.update(MeetingOutcome, { id: outcome.supersedesId, state: MeetingOutcomeState.FINAL }, { state: MeetingOutcomeState.SUPERSEDED });
      }
      const meeting = await em.findOneByOrFail(Meeting, { id: outcome.meetingId });
      events.add(MEETING_OUTCOME_LOGGED, { outcomeId: id, meetingId: meeting.id, dialogueId: meeting.dialogueId });
      return em.findOneByOrFail(MeetingOutcome, { id });
    });
  }

  // ---------------------------------------------------------------- what an outcome does

  /** Records an outcome's attendees, new and advanced commitments and status changes. */
  private async apply(em: EntityManager, events: PendingEvents, outcome: MeetingOutcome, input: OutcomeEffects, actor: string): Promise<void> {
    if (input.attendees !== undefined) await this.setAttendees(em, outcome, input.attendees ?? []);

    const advanced = [
      ...(await this.requireCommitments(em, input.advancedCommitmentIds, 'input.advancedCommitmentIds')),
      ...(await this.requireCommitments(em, input.commitmentIds, 'input.commitmentIds')),
    ];
    const links = advanced.map((commitmentId) => ({ commitmentId, relation: CommitmentMeetingRelation.ADVANCED }));

    for (const [i, draft] of (input.newCommitments ?? []).entries()) {
      const created = await this.commitmentWrites
        .createWithin(em, draft, actor, events)
        .catch((error) => Promise.reject(error instanceof DomainError ? rebase(error, ['input.', `input.newCommitments.${i}.`]) : error));
      await this.stampOrigin(em, created.id, outcome);
      links.push({ commitmentId: created.id, relation: CommitmentMeetingRelation.CREATED });
    }

    for (const [i, change] of (input.statusChanges ?? []).entries()) {
      const commitmentId = await this.changeStatus(em, events, outcome, change, actor).catch((error) =>
        Promise.reject(
          error instanceof DomainError ? rebase(error, ['input.id', `input.statusChanges.${i}.commitmentId`], ['input.', `input.statusChanges.${i}.`]) : error,
        ),
      );
      links.push({ commitmentId, relation: CommitmentMeetingRelation.ADVANCED });
    }

    await this.tie(em, outcome, links);
  }

  /** One status change, as an event whose evidence is this outcome, valid from heldOn unless given. */
  private async changeStatus(em: EntityManager, events: PendingEvents, outcome: MeetingOutcome, change: OutcomeStatusChangeInput, actor: string): Promise<number> {
    const commitment = await this.commitmentStatus.setStatusWithin(
      em,
      events,
      {
        id: change.commitmentId,
        status: change.status,
        party: change.party ?? null,
        validFrom: change.validFrom ?? outcome.heldOn ?? null,
        note: change.note ?? null,
        expectedVersion: change.expectedVersion ?? null,
      },
      actor,
      { outcomeId: outcome.id },
    );
    return commitment.id;
  }

  /**
   * A commitment made at the meeting: its first event(s) cite this outcome as evidence and
   * are valid from the day it was held (or the earliest quoted briefing, if that was earlier).
   */
  private async stampOrigin(em: EntityManager, commitmentId: number, outcome: MeetingOutcome): Promise<void> {
    const first = await em.findBy(CommitmentEvent, { commitmentId, fromStatus: IsNull() });
    for (const event of first) {
      const validFrom = outcome.heldOn !== null && outcome.heldOn < event.validFrom ? outcome.heldOn : event.validFrom;
      await em.update(CommitmentEvent, { id: event.id }, { evidenceOutcomeId: outcome.id, validFrom });
    }
  }

  /**
   * Ties commitments to the outcome's meeting (commitment_meeting: one row per commitment and
   * meeting). See mergeMeetingLink: CREATED > ADVANCED > DISCUSSED, and a link already made by
   * an outcome keeps it, so a final outcome's commitments never change under it.
   */
  private async tie(em: EntityManager, outcome: MeetingOutcome, links: { commitmentId: number; relation: CommitmentMeetingRelation }[]): Promise<void> {
    if (!links.length) return;
    const meetingId = outcome.meetingId;
    const existing = new Map(
      (await em.findBy(CommitmentMeeting, { meetingId, commitmentId: In(links.map((l) => l.commitmentId)) })).map((row) => [row.commitmentId, row as CommitmentMeeting | null]),
    );
    for (const link of links) {
      const current = existing.get(link.commitmentId) ?? null;
      const next = mergeMeetingLink(current, { relation: link.relation, outcomeId: outcome.id });
      if (!next) continue;
      if (current) await em.update(CommitmentMeeting, { commitmentId: link.commitmentId, meetingId }, next);
      else await em.insert(CommitmentMeeting, { commitmentId: link.commitmentId, meetingId, ...next });
      existing.set(link.commitmentId, { ...(current ?? { commitmentId: link.commitmentId, meetingId }), ...next } as CommitmentMeeting);
    }
  }

  /** Replaces the outcome's attendees; attendees not yet on the meeting are added to it (side and role unknown). */
  private async setAttendees(em: EntityManager, outcome: MeetingOutcome, rawIds: string[]): Promise<void> {
    const ids = await this.participants.requireIds(em, rawIds, (i) => `input.attendees.${i}`);
    const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (twice >= 0) throw BadUserInputError.field(`input.attendees.${twice}`, 'lists a participant already listed');
    await em.createQueryBuilder().delete().from(ATTENDEE_TABLE).where('outcome_id = :id', { id: outcome.id }).execute();
    if (!ids.length) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(ATTENDEE_TABLE, ['outcome_id', 'participant_id'])
      .values(ids.map((participantId) => ({ outcome_id: outcome.id, participant_id: participantId })))
      .execute();
    const seated = new Set((await em.findBy(MeetingParticipant, { meetingId: outcome.meetingId, participantId: In(ids) })).map((s) => s.participantId));
    const missing = ids.filter((id) => !seated.has(id));
    if (missing.length) {
      await em.insert(MeetingParticipant, missing.map((participantId) => ({ meetingId: outcome.meetingId, participantId, sideCode: null, role: null })));
    }
  }

  /** Existing commitments named by an id list (NOT_FOUND names the index). */
  private async requireCommitments(em: EntityManager, raw: string[] | null | undefined, path: string): Promise<number[]> {
    const ids = (raw ?? []).map((r, i) => parseId(r, `${path}.${i}`));
    if (!ids.length) return [];
    const found = new Set((await em.find(Commitment, { where: { id: In(ids) }, select: { id: true } })).map((c) => c.id));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw new NotFoundError('Commitment', raw![missing], `${path}.${missing}`);
    return [...new Set(ids)];
  }

  /** The outcome a correction supersedes: a FINAL outcome of the same meeting without a correction yet. */
  private async requireCorrectable(em: EntityManager, raw: string, id: number, meetingId: number): Promise<MeetingOutcome> {
    const outcome = await em.findOneBy(MeetingOutcome, { id });
    if (!outcome) throw new NotFoundError('MeetingOutcome', raw, 'input.supersedesId');
    if (outcome.meetingId !== meetingId) throw BadUserInputError.field('input.supersedesId', `is an outcome of another meeting (${outcome.meetingId})`);
    if (outcome.state === MeetingOutcomeState.DRAFT) {
      throw new ConflictError(`Outcome ${raw} is still a draft: edit it instead of correcting it`, { state: outcome.state });
    }
    if (outcome.state === MeetingOutcomeState.SUPERSEDED || (await em.existsBy(MeetingOutcome, { supersedesId: id }))) {
      throw new ConflictError(`Outcome ${raw} already has a correction`, { state: outcome.state });
    }
    return outcome;
  }

  private async requireDraft(em: EntityManager, raw: string, id: number): Promise<MeetingOutcome> {
    const outcome = await em.findOneBy(MeetingOutcome, { id });
    if (!outcome) throw new NotFoundError('MeetingOutcome', raw, 'id');
    if (outcome.state !== MeetingOutcomeState.DRAFT) throw this.immutable(raw, outcome.state);
    return outcome;
  }

  private immutable(raw: string, state: MeetingOutcomeState): ConflictError {
    return new ConflictError(`Outcome ${raw} is ${state}: it cannot change; log a correction that supersedes it`, { state });
  }

  // ---------------------------------------------------------------- loaders for fields

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, MeetingOutcome | null>('meetingOutcomes.byId', async (ids) => byKey(ids, await this.findByIds(ids), (o) => o.id));
  }

  /** Each meeting's outcomes, in the order they were logged. */
  byMeetingLoader(loaders: LoaderRegistry) {
    return loaders.get<number, MeetingOutcome[]>('meetingOutcomes.byMeeting', async (ids) => {
      const rows = await this.dataSource.getRepository(MeetingOutcome).find({ where: { meetingId: In([...ids]) }, order: { recordedAt: 'ASC', id: 'ASC' } });
      return groupByKey(ids, rows, (r) => r.meetingId);
    });
  }

  /** The correction of each outcome (null when none). */
  supersededByLoader(loaders: LoaderRegistry) {
    return loaders.get<number, MeetingOutcome | null>('meetingOutcomes.supersededBy', async (ids) =>
      byKey(ids, await this.dataSource.getRepository(MeetingOutcome).findBy({ supersedesId: In([...ids]) }), (o) => o.supersedesId!),
    );
  }

  /** Each outcome's attendees, by name. */
  attendeesLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Participant[]>('meetingOutcomes.attendees', async (outcomeIds) => {
      const rows: { outcome_id: number | string; participant_id: number | string }[] = await this.dataSource
        .createQueryBuilder()
        .select('a.outcome_id', 'outcome_id')
        .addSelect('a.participant_id', 'participant_id')
        .from(ATTENDEE_TABLE, 'a')
        .where('a.outcome_id IN (:...outcomeIds)', { outcomeIds })
        .getRawMany();
      const people = await this.participants.byIdLoader(loaders).loadMany(rows.map((r) => Number(r.participant_id)));
      const pairs = rows.flatMap((r, i) => {
        const person = people[i];
        return person && !(person instanceof Error) ? [{ outcomeId: Number(r.outcome_id), person }] : [];
      });
      return groupByKey(outcomeIds, pairs, (p) => p.outcomeId).map((list) => list.map((p) => p.person).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id));
    });
  }
}
