import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Briefing } from '../briefings/briefing.entity';
import { Commitment } from '../commitments/commitment.entity';
import { DatePrecision } from '../commitments/commitment.enums';
import { CommitmentWritesService } from '../commitments/commitment-writes.service';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { parseId, parseIds } from '../common/ids';
import { groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { CountriesService } from '../countries/countries.service';
import { PendingEvents } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { Organization } from '../organizations/organization.entity';
import { TopicsService } from '../topics/topics.service';
import { ReviseCandidateInput } from './dto/candidate.inputs';
import { CandidateState, CommitmentCandidate } from './commitment-candidate.entity';

/**
 * The review of what ingest proposes: staff revise a candidate, then accept it (it becomes an
 * ANNOUNCED commitment citing the exact words) or reject it with a reason. Reviewed candidates
 * stay, as the review log.
 */
@Injectable()
export class CandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commitments: CommitmentWritesService,
    private readonly topics: TopicsService,
    private readonly countries: CountriesService,
    private readonly events: EventsService,
  ) {}

  findById(id: number): Promise<CommitmentCandidate | null> {
    return this.dataSource.getRepository(CommitmentCandidate).findOneBy({ id });
  }

  list(briefingId: number | null, state: CandidateState | null): Promise<CommitmentCandidate[]> {
    return this.dataSource.getRepository(CommitmentCandidate).find({
      where: { ...(briefingId !== null ? { briefingId } : {}), ...(state ? { state } : {}) },
      order: { id: 'ASC' },
      take: 1000,
    });
  }

  byBriefingLoader(loaders: LoaderRegistry, state: CandidateState | null) {
    return loaders.get<number, CommitmentCandidate[]>(`candidate.byBriefing.${state ?? 'ALL'}`, async (ids) => {
      const rows = await this.dataSource.getRepository(CommitmentCandidate).find({
        where: { briefingId: In([...ids]), ...(state ? { state } : {}) },
        order: { id: 'ASC' },
      });
      return groupByKey(ids, rows, (c) => c.briefingId);
    });
  }

  async revise(rawId: string, input: ReviseCandidateInput): Promise<CommitmentCandidate> {
    return this.dataSource.transaction(async (em) => {
      const candidate = await this.requirePending(em, rawId);
      await this.applyRevision(em, candidate, input);
      return em.save(candidate);
    });
  }

  async accept(rawId: string, input: ReviseCandidateInput, actor: string): Promise<CommitmentCandidate> {
    return this.events.transaction(async (em, events) => {
      const candidate = await this.requirePending(em, rawId);
      return this.acceptWithin(em, events, candidate, input, actor);
    });
  }

  /** Accepts inside the caller's transaction (ingest's acceptAll uses this); events publish after its commit. */
  async acceptWithin(em: EntityManager, events: PendingEvents, candidate: CommitmentCandidate, input: ReviseCandidateInput, actor: string): Promise<CommitmentCandidate> {
    await this.applyRevision(em, candidate, input);
    const briefing = await em.findOne(Briefing, { where: { id: candidate.briefingId }, select: { id: true, dialogueId: true } });
    const commitment: Commitment = await this.commitments.createWithin(
      em,
      {
        title: candidate.title,
        text: candidate.quote,
        kind: candidate.kind,
        dueDate: candidate.dueDate,
        dueDatePrecision: candidate.dueDate ? candidate.dueDatePrecision : DatePrecision.NONE,
        dialogueId: briefing?.dialogueId ? String(briefing.dialogueId) : null,
        topicIds: candidate.topicRefs.map((t) => String(t.topicId)),
        parties: candidate.partyRefs.map((p) => (p.organizationId ? { organizationId: String(p.organizationId) } : { country: p.countryCode })),
        sources: [{ statementId: String(candidate.statementId), start: candidate.start, end: candidate.end, quote: candidate.quote }],
      },
      actor,
      events,
    );
    Object.assign(candidate, { state: CandidateState.ACCEPTED, commitmentId: commitment.id, reviewedBy: actor, reviewedAt: new Date() });
    return em.save(candidate);
  }

  async reject(rawId: string, reason: string, actor: string): Promise<CommitmentCandidate> {
    return this.dataSource.transaction(async (em) => {
      const candidate = await this.requirePending(em, rawId);
      Object.assign(candidate, { state: CandidateState.REJECTED, reason: reason.trim(), reviewedBy: actor, reviewedAt: new Date() });
      return em.save(candidate);
    });
  }

  private async requirePending(em: EntityManager, rawId: string): Promise<CommitmentCandidate> {
    const id = parseId(rawId, 'id');
    const candidate = await em.findOneBy(CommitmentCandidate, { id });
    if (!candidate) throw new NotFoundError('CommitmentCandidate', rawId, 'id');
    if (candidate.state === CandidateState.ACCEPTED) {
      throw new ConflictError(`Candidate ${rawId} was already accepted as commitment ${candidate.commitmentId}`, { state: candidate.state });
    }
    if (candidate.state === CandidateState.REJECTED) throw new ConflictError(`Candidate ${rawId} was rejected`, { state: candidate.state });
    return candidate;
  }

  private async applyRevision(em: EntityManager, candidate: CommitmentCandidate, input: ReviseCandidateInput): Promise<void> {
    if (input.title != null) candidate.title = input.title.trim();
    if (input.kind != null) candidate.kind = input.kind;
    if (input.dueDate !== undefined) candidate.dueDate = input.dueDate;
    if (input.dueDatePrecision != null) candidate.dueDatePrecision = input.dueDatePrecision;
    if (input.dueDate && input.dueDatePrecision == null && candidate.dueDatePrecision === DatePrecision.NONE) candidate.dueDatePrecision = DatePrecision.DAY;
    if (input.topicIds != null) {
      const ids = await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds');
      candidate.topicRefs = ids.map((topicId) => ({ topicId, cue: 'staff' }));
    }
    if (input.parties != null) {
      const refs = [];
      for (const [i, party] of input.parties.entries()) {
        const path = `input.parties.${i}`;
        const orgIds = parseIds(party.organizationId ? [party.organizationId] : [], `${path}.organizationId`);
        const org = orgIds.length ? await em.findOneBy(Organization, { id: orgIds[0] }) : null;
        if (orgIds.length && !org) throw new NotFoundError('Organization', party.organizationId!, `${path}.organizationId`);
        const countryCode = await this.countries.requireCode(em, party.country, `${path}.country`);
        refs.push({ organizationId: org?.id ?? null, countryCode, name: org?.name ?? countryCode ?? '' });
      }
      candidate.partyRefs = refs;
    }
  }
}
