import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { Participant } from '../participants/participant.entity';
import { LogMeetingOutcomeInput, UpdateMeetingOutcomeInput } from './dto/log-meeting-outcome.input';
import { Meeting, MeetingOutcome } from './meeting.entity';
import { MeetingOutcomesService } from './meeting-outcomes.service';
import { MeetingsService } from './meetings.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => MeetingOutcome)
export class MeetingOutcomesResolver {
  constructor(
    private readonly outcomeService: MeetingOutcomesService,
    private readonly meetingService: MeetingsService,
  ) {}

  @Query(() => MeetingOutcome, { nullable: true })
  meetingOutcome(@Args('id', { type: () => ID }) id: string): Promise<MeetingOutcome | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.outcomeService.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => MeetingOutcome, {
    description:
      'Logs what a meeting achieved, in one transaction: the meeting becomes HELD; the outcome is recorded as a DRAFT; new commitments are created with it as their source; status changes become events with it as evidence; advanced commitments are tied to the meeting. Not for a CANCELLED meeting (CONFLICT).',
  })
  logMeetingOutcome(@Args('input') input: LogMeetingOutcomeInput, @Actor() actor: string): Promise<MeetingOutcome> {
    return this.outcomeService.log(input, actor);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => MeetingOutcome, { description: 'Edits a DRAFT outcome; a FINAL or SUPERSEDED one is a CONFLICT (log a correction instead).' })
  updateMeetingOutcome(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateMeetingOutcomeInput,
    @Actor() actor: string,
  ): Promise<MeetingOutcome> {
    return this.outcomeService.update(id, input, actor);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => MeetingOutcome, { description: 'DRAFT -> FINAL (immutable from then on); the outcome it corrects becomes SUPERSEDED.' })
  finalizeMeetingOutcome(@Args('id', { type: () => ID }) id: string, @Actor() actor: string): Promise<MeetingOutcome> {
    return this.outcomeService.finalize(id, actor);
  }

  @ResolveField(() => Meeting)
  async meeting(@Parent() outcome: MeetingOutcome, @Loaders() loaders: LoaderRegistry): Promise<Meeting> {
    return (await this.meetingService.byIdLoader(loaders).load(outcome.meetingId))!;
  }

  @ResolveField(() => MeetingOutcome, { nullable: true, description: 'The final outcome this one corrects.' })
  supersedes(@Parent() outcome: MeetingOutcome, @Loaders() loaders: LoaderRegistry): Promise<MeetingOutcome | null> | null {
    return outcome.supersedesId === null ? null : this.outcomeService.byIdLoader(loaders).load(outcome.supersedesId);
  }

  @ResolveField(() => MeetingOutcome, { nullable: true, description: 'The correction of this outcome (SUPERSEDED once the correction is FINAL).' })
  supersededBy(@Parent() outcome: MeetingOutcome, @Loaders() loaders: LoaderRegistry): Promise<MeetingOutcome | null> {
    return this.outcomeService.supersededByLoader(loaders).load(outcome.id);
  }

  @ResolveField(() => [Participant], { description: 'Who attended, as this outcome records it, by name.' })
  attendees(@Parent() outcome: MeetingOutcome, @Loaders() loaders: LoaderRegistry): Promise<Participant[]> {
    return this.outcomeService.attendeesLoader(loaders).load(outcome.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Meeting)
export class MeetingOutcomesOfMeetingResolver {
  constructor(private readonly outcomeService: MeetingOutcomesService) {}

  @ResolveField(() => [MeetingOutcome], { description: 'In the order they were logged (corrections included).' })
  outcomes(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<MeetingOutcome[]> {
    return this.outcomeService.byMeetingLoader(loaders).load(meeting.id);
  }
}
