import { Args, Field, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Briefing } from '../briefings/briefing.entity';
import { BriefingsService } from '../briefings/briefings.service';
import { Commitment } from '../commitments/commitment.entity';
import { CommitmentLoaders } from '../commitments/commitment-loaders';
import { Actor, Loaders } from '../common/context/request-context';
import { BadUserInputError } from '../common/errors/domain-errors';
import { parseId, tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { Country } from '../countries/country.entity';
import { CountriesService } from '../countries/countries.service';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { SourceSpan } from '../sources/source-span.entity';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { CandidatesService } from './candidates.service';
import { CandidatePartyRef, CandidateState, CommitmentCandidate } from './commitment-candidate.entity';
import { ReviseCandidateInput } from './dto/candidate.inputs';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@ObjectType({ description: 'A party a candidate would bind: an organisation and/or a country.' })
export class CandidateParty {
  @Field({ description: 'As the text names it.' })
  name: string;

  @Field(() => Organization, { nullable: true })
  organization: Organization | null;

  @Field(() => Country, { nullable: true })
  country: Country | null;
}

@ObjectType({ description: 'A topic a candidate is tagged with, and the cue that tagged it.' })
export class CandidateTopic {
  @Field(() => Topic)
  topic: Topic;

  @Field()
  cue: string;
}

@RequireRole(Role.ANALYST)
@Resolver(() => CommitmentCandidate)
export class CandidatesResolver {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly briefings: BriefingsService,
    private readonly statements: StatementsService,
    private readonly topicService: TopicsService,
    private readonly organizations: OrganizationsService,
    private readonly countries: CountriesService,
    private readonly commitments: CommitmentLoaders,
  ) {}

  @Query(() => [CommitmentCandidate], { description: "A briefing's proposed commitments (at most 1000), optionally by review state." })
  commitmentCandidates(
    @Args('briefing', { type: () => ID, nullable: true }) briefing?: string | null,
    @Args('state', { type: () => CandidateState, nullable: true }) state?: CandidateState | null,
  ): Promise<CommitmentCandidate[]> {
    return this.candidates.list(briefing != null ? parseId(briefing, 'briefing') : null, state ?? null);
  }

  @Query(() => CommitmentCandidate, { nullable: true })
  commitmentCandidate(@Args('id', { type: () => ID }) id: string): Promise<CommitmentCandidate | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.candidates.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => CommitmentCandidate, { description: 'Corrects a pending candidate before it is accepted.' })
  reviseCommitmentCandidate(@Args('id', { type: () => ID }) id: string, @Args('input') input: ReviseCandidateInput): Promise<CommitmentCandidate> {
    return this.candidates.revise(id, input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => CommitmentCandidate, { description: 'Creates an ANNOUNCED commitment citing the candidate\'s words; corrections may be given.' })
  acceptCommitmentCandidate(
    @Args('id', { type: () => ID }) id: string,
    @Actor() actor: string,
    // Optional, not `| null`: a union reflects as Object, and the validation pipe then skips the class's rules.
    @Args('input', { type: () => ReviseCandidateInput, nullable: true }) input?: ReviseCandidateInput,
  ): Promise<CommitmentCandidate> {
    return this.candidates.accept(id, input ?? {}, actor);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => CommitmentCandidate)
  rejectCommitmentCandidate(@Args('id', { type: () => ID }) id: string, @Args('reason', { type: () => String }) reason: string, @Actor() actor: string): Promise<CommitmentCandidate> {
    return this.candidates.reject(id, validReason(reason), actor);
  }

  @ResolveField(() => Briefing)
  async briefing(@Parent() c: CommitmentCandidate, @Loaders() loaders: LoaderRegistry): Promise<Briefing> {
    return (await this.briefings.byIdLoader(loaders).load(c.briefingId))!;
  }

  @ResolveField(() => Statement)
  async statement(@Parent() c: CommitmentCandidate, @Loaders() loaders: LoaderRegistry): Promise<Statement> {
    return (await this.statements.byIdLoader(loaders).load(c.statementId))!;
  }

  @ResolveField(() => SourceSpan, { description: 'The exact words, as offsets into the statement text.' })
  span(@Parent() c: CommitmentCandidate): SourceSpan {
    return Object.assign(new SourceSpan(), { id: `candidate:${c.id}`, statementId: c.statementId, start: c.start, end: c.end, quote: c.quote, commitmentId: null, meetingId: null });
  }

  @ResolveField(() => [Topic])
  async topics(@Parent() c: CommitmentCandidate, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return (await this.topicTags(c, loaders)).map((t) => t.topic);
  }

  @ResolveField(() => [CandidateTopic], { description: 'Each topic with the cue behind it.' })
  async topicTags(@Parent() c: CommitmentCandidate, @Loaders() loaders: LoaderRegistry): Promise<CandidateTopic[]> {
    const topics = await this.topicService.byIdLoader(loaders).loadMany(c.topicRefs.map((t) => t.topicId));
    return c.topicRefs.flatMap((ref, i) => {
      const topic = topics[i];
      return topic && !(topic instanceof Error) ? [{ topic, cue: ref.cue }] : [];
    });
  }

  @ResolveField(() => [CandidateParty])
  async parties(@Parent() c: CommitmentCandidate, @Loaders() loaders: LoaderRegistry): Promise<CandidateParty[]> {
    return Promise.all(
      c.partyRefs.map(async (p: CandidatePartyRef) => ({
        name: p.name,
        organization: p.organizationId ? await this.organizations.byIdLoader(loaders).load(p.organizationId) : null,
        country: p.countryCode ? await this.countries.byCodeLoader(loaders).load(p.countryCode) : null,
      })),
    );
  }

  @ResolveField(() => Commitment, { nullable: true, description: 'The commitment it became, once accepted.' })
  commitment(@Parent() c: CommitmentCandidate, @Loaders() loaders: LoaderRegistry): Promise<Commitment | null> | null {
    return c.commitmentId ? this.commitments.byIdLoader(loaders).load(c.commitmentId) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Briefing)
export class BriefingCandidatesResolver {
  constructor(private readonly candidateService: CandidatesService) {}

  @ResolveField(() => [CommitmentCandidate], { description: 'Commitments ingest proposed from this briefing.' })
  candidates(
    @Parent() briefing: Briefing,
    @Loaders() loaders: LoaderRegistry,
    @Args('state', { type: () => CandidateState, nullable: true }) state?: CandidateState | null,
  ): Promise<CommitmentCandidate[]> {
    return this.candidateService.byBriefingLoader(loaders, state ?? null).load(briefing.id);
  }
}

function validReason(reason: string): string {
  if (!reason.trim()) throw BadUserInputError.field('reason', 'must not be empty');
  if (reason.length > 2000) throw BadUserInputError.field('reason', 'must be at most 2000 characters');
  return reason;
}
