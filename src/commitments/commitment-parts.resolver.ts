import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CountriesService } from '../countries/countries.service';
import { Country } from '../countries/country.entity';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { CommitmentEvent, CommitmentParty } from './commitment.entity';
import { CommitmentLoaders } from './commitment-loaders';
import { Commitment } from './commitment.entity';
import { Evidence } from './dto/evidence.type';
import { MeetingCommitmentLink, TimelineEntry } from './dto/timeline.types';

@Resolver(() => CommitmentParty)
export class CommitmentPartyResolver {
  constructor(private readonly countryService: CountriesService) {}

  @ResolveField(() => Country, { nullable: true, description: 'Set when the party is a country.' })
  country(@Parent() party: CommitmentParty, @Loaders() loaders: LoaderRegistry): Promise<Country | null> | null {
    return party.countryCode ? this.countryService.byCodeLoader(loaders).load(party.countryCode) : null;
  }
}

@Resolver(() => CommitmentEvent)
export class CommitmentEventResolver {
  constructor(private readonly commitmentLoaders: CommitmentLoaders) {}

  @ResolveField(() => Commitment, { description: 'The commitment this event belongs to.' })
  async commitment(@Parent() event: CommitmentEvent, @Loaders() loaders: LoaderRegistry): Promise<Commitment> {
    return (await this.commitmentLoaders.byIdLoader(loaders).load(event.commitmentId))!;
  }

  @ResolveField(() => CommitmentParty, { nullable: true, description: 'Set when the change is one party\'s, not the whole commitment\'s.' })
  party(@Parent() event: CommitmentEvent, @Loaders() loaders: LoaderRegistry): Promise<CommitmentParty | null> | null {
    return event.partyId ? this.commitmentLoaders.partyByIdLoader(loaders).load(event.partyId) : null;
  }

  @ResolveField(() => Evidence, { nullable: true })
  evidence(@Parent() event: CommitmentEvent): Evidence | null {
    if (event.evidenceStatementId === null && event.evidenceOutcomeId === null && event.evidenceUrl === null) return null;
    return { statementId: event.evidenceStatementId, meetingOutcomeId: event.evidenceOutcomeId, url: event.evidenceUrl };
  }
}

@Resolver(() => Evidence)
export class EvidenceResolver {
  constructor(
    private readonly statementService: StatementsService,
    private readonly commitmentLoaders: CommitmentLoaders,
  ) {}

  @ResolveField(() => Statement, { nullable: true })
  statement(@Parent() evidence: Evidence, @Loaders() loaders: LoaderRegistry): Promise<Statement | null> | null {
    return evidence.statementId ? this.statementService.byIdLoader(loaders).load(evidence.statementId) : null;
  }

  @ResolveField(() => MeetingOutcome, { nullable: true })
  meetingOutcome(@Parent() evidence: Evidence, @Loaders() loaders: LoaderRegistry): Promise<MeetingOutcome | null> | null {
    return evidence.meetingOutcomeId ? this.commitmentLoaders.outcomeByIdLoader(loaders).load(evidence.meetingOutcomeId) : null;
  }
}

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  constructor(private readonly statementService: StatementsService) {}

  @ResolveField(() => Statement, { nullable: true, description: 'ANNOUNCED_IN: the statement quoted.' })
  statement(@Parent() entry: TimelineEntry, @Loaders() loaders: LoaderRegistry): Promise<Statement | null> | null {
    return entry.statementId ? this.statementService.byIdLoader(loaders).load(entry.statementId) : null;
  }
}

@Resolver(() => MeetingCommitmentLink)
export class MeetingCommitmentLinkResolver {
  constructor(private readonly commitmentLoaders: CommitmentLoaders) {}

  @ResolveField(() => Commitment)
  async commitment(@Parent() link: MeetingCommitmentLink, @Loaders() loaders: LoaderRegistry): Promise<Commitment> {
    return (await this.commitmentLoaders.byIdLoader(loaders).load(link.commitmentId))!;
  }
}
