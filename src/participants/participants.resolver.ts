import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Briefing } from '../briefings/briefing.entity';
import { Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { CountriesService } from '../countries/countries.service';
import { Country } from '../countries/country.entity';
import { MeetingParticipant } from '../meetings/meeting.entity';
import { Statement } from '../statements/statement.entity';
import { CreateParticipantInput } from './dto/create-participant.input';
import { MergeParticipantsArgs } from './dto/merge-participants.args';
import { SplitParticipantInput } from './dto/split-participant.input';
import { ParticipantConnection, ParticipantsArgs } from './dto/participants.args';
import { UpdateParticipantInput } from './dto/update-participant.input';
import { Participant } from './participant.entity';
import { ParticipantsService } from './participants.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Participant)
export class ParticipantsResolver {
  constructor(
    private readonly participantService: ParticipantsService,
    private readonly countryService: CountriesService,
  ) {}

  @Query(() => ParticipantConnection, { description: 'People and anonymous speakers.' })
  participants(@Args() args: ParticipantsArgs): Promise<ConnectionResult<Participant>> {
    return this.participantService.list(args);
  }

  @Query(() => Participant, { nullable: true })
  participant(@Args('id', { type: () => ID }) id: string): Promise<Participant | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.participantService.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Participant)
  createParticipant(@Args('input') input: CreateParticipantInput): Promise<Participant> {
    return this.participantService.create(input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Participant)
  updateParticipant(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateParticipantInput): Promise<Participant> {
    return this.participantService.update(id, input);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => Participant, {
    description: 'Folds duplicates into one record: statements, meetings and mentions move to it, their names become aliases, the duplicates are deleted.',
  })
  mergeParticipants(@Args() args: MergeParticipantsArgs): Promise<Participant> {
    return this.participantService.merge(args);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => Participant, {
    description:
      'Undoes a wrong merge (or a wrong match by ingest): the turns, mentions and meeting seats of the participant in the given briefings move to a new participant, which is returned. Refused (BAD_USER_INPUT) when the participant has nothing there, or nothing anywhere else.',
  })
  splitParticipant(@Args('id', { type: () => ID }) id: string, @Args('input') input: SplitParticipantInput): Promise<Participant> {
    return this.participantService.split(id, input);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ID, { description: 'Refused (CONFLICT) while the participant speaks in, or is mentioned by, a briefing or took part in a meeting.' })
  deleteParticipant(@Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.participantService.delete(id);
  }

  @ResolveField(() => Country, { nullable: true })
  country(@Parent() participant: Participant, @Loaders() loaders: LoaderRegistry): Promise<Country | null> | null {
    return participant.countryCode ? this.countryService.byCodeLoader(loaders).load(participant.countryCode) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Statement)
export class StatementSpeakerResolver {
  constructor(private readonly participantService: ParticipantsService) {}

  @ResolveField(() => Participant, { nullable: true, description: 'Null when the speaker could not be identified.' })
  speaker(@Parent() statement: Statement, @Loaders() loaders: LoaderRegistry): Promise<Participant | null> | null {
    return statement.speakerId ? this.participantService.byIdLoader(loaders).load(statement.speakerId) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Briefing)
export class BriefingParticipantsResolver {
  constructor(private readonly participantService: ParticipantsService) {}

  @ResolveField(() => [Participant], { description: 'Who speaks, in order of their first turn.' })
  speakers(@Parent() briefing: Briefing, @Loaders() loaders: LoaderRegistry): Promise<Participant[]> {
    return this.participantService.speakersByBriefingLoader(loaders).load(briefing.id);
  }

  @ResolveField(() => [Participant], { description: 'People the briefing names without their speaking.' })
  mentionedParticipants(@Parent() briefing: Briefing, @Loaders() loaders: LoaderRegistry): Promise<Participant[]> {
    return this.participantService.mentionedByBriefingLoader(loaders).load(briefing.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => MeetingParticipant)
export class MeetingParticipantParticipantResolver {
  constructor(private readonly participantService: ParticipantsService) {}

  @ResolveField(() => Participant)
  async participant(@Parent() seat: MeetingParticipant, @Loaders() loaders: LoaderRegistry): Promise<Participant> {
    return (await this.participantService.byIdLoader(loaders).load(seat.participantId))!;
  }
}
