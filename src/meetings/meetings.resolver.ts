import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Briefing } from '../briefings/briefing.entity';
import { Commitment } from '../commitments/commitment.entity';
import { Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { CountriesService } from '../countries/countries.service';
import { Country } from '../countries/country.entity';
import { Dialogue } from '../dialogues/dialogue.entity';
import { DialoguesService } from '../dialogues/dialogues.service';
import { Participant } from '../participants/participant.entity';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { CreateMeetingInput } from './dto/create-meeting.input';
import { AddMeetingParticipantsInput, RemoveMeetingParticipantsInput } from './dto/meeting-participants.input';
import { MeetingConnection, MeetingsArgs } from './dto/meetings.args';
import { SetMeetingStatusInput } from './dto/set-meeting-status.input';
import { UpdateMeetingInput } from './dto/update-meeting.input';
import { Meeting, MeetingParticipant } from './meeting.entity';
import { MeetingsService } from './meetings.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Meeting)
export class MeetingsResolver {
  constructor(
    private readonly meetingService: MeetingsService,
    private readonly topicService: TopicsService,
    private readonly dialogueService: DialoguesService,
  ) {}

  @Query(() => MeetingConnection, { description: 'Calls, meetings and visits.' })
  meetings(@Args() args: MeetingsArgs): Promise<ConnectionResult<Meeting>> {
    return this.meetingService.list(args);
  }

  @Query(() => Meeting, { nullable: true })
  meeting(@Args('id', { type: () => ID }) id: string): Promise<Meeting | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.meetingService.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Meeting)
  createMeeting(@Args('input') input: CreateMeetingInput): Promise<Meeting> {
    return this.meetingService.create(input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Meeting)
  updateMeeting(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateMeetingInput): Promise<Meeting> {
    return this.meetingService.update(id, input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Meeting, {
    description: 'PLANNED -> HELD | POSTPONED | CANCELLED; POSTPONED -> PLANNED | HELD | CANCELLED; CANCELLED -> PLANNED; HELD is final (CONFLICT).',
  })
  setMeetingStatus(@Args('input') input: SetMeetingStatusInput): Promise<Meeting> {
    return this.meetingService.setStatus(input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Meeting, { description: 'A participant already in the meeting is a CONFLICT.' })
  addMeetingParticipants(@Args('input') input: AddMeetingParticipantsInput): Promise<Meeting> {
    return this.meetingService.addParticipants(input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Meeting)
  removeMeetingParticipants(@Args('input') input: RemoveMeetingParticipantsInput): Promise<Meeting> {
    return this.meetingService.removeParticipants(input);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ID, { description: 'Refused (CONFLICT) once outcomes were logged for it or commitments are tied to it.' })
  deleteMeeting(@Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.meetingService.delete(id);
  }

  @ResolveField(() => [MeetingParticipant], { description: 'In the order they were added.' })
  participants(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<MeetingParticipant[]> {
    return this.meetingService.participantsLoader(loaders).load(meeting.id);
  }

  @ResolveField(() => [Topic])
  topics(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.topicService.linkedLoader(loaders, 'meeting_topic').load(meeting.id);
  }

  @ResolveField(() => Dialogue, { nullable: true })
  dialogue(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<Dialogue | null> | null {
    return meeting.dialogueId ? this.dialogueService.byIdLoader(loaders).load(meeting.dialogueId) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => MeetingParticipant)
export class MeetingParticipantResolver {
  constructor(private readonly countryService: CountriesService) {}

  @ResolveField(() => Country, { nullable: true, description: 'The country whose side they were on.' })
  side(@Parent() seat: MeetingParticipant, @Loaders() loaders: LoaderRegistry): Promise<Country | null> | null {
    return seat.sideCode ? this.countryService.byCodeLoader(loaders).load(seat.sideCode) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Participant)
export class ParticipantMeetingsResolver {
  constructor(private readonly meetingService: MeetingsService) {}

  @ResolveField(() => MeetingConnection, { description: 'Meetings this participant took part in.' })
  meetings(@Parent() participant: Participant, @Args() args: MeetingsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Meeting>> {
    return this.meetingService.pageByOwnerLoader(loaders, 'participant', args).load(participant.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Topic)
export class TopicMeetingsResolver {
  constructor(private readonly meetingService: MeetingsService) {}

  @ResolveField(() => MeetingConnection, { description: 'Meetings tagged with this topic or one of its subtopics.' })
  meetings(@Parent() topic: Topic, @Args() args: MeetingsArgs, @Loaders() loaders: LoaderRegistry): Promise<ConnectionResult<Meeting>> {
    return this.meetingService.pageByOwnerLoader(loaders, 'topic', args).load(topic.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Briefing)
export class BriefingMeetingsResolver {
  constructor(private readonly meetingService: MeetingsService) {}

  @ResolveField(() => [Meeting], { description: 'Meetings the briefing speaks of (with a source span in it), by date.' })
  meetings(@Parent() briefing: Briefing, @Loaders() loaders: LoaderRegistry): Promise<Meeting[]> {
    return this.meetingService.byBriefingLoader(loaders).load(briefing.id);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Commitment)
export class CommitmentMeetingsResolver {
  constructor(private readonly meetingService: MeetingsService) {}

  @ResolveField(() => [Meeting], { description: 'Meetings it was discussed at, created or advanced by, by date.' })
  meetings(@Parent() commitment: Commitment, @Loaders() loaders: LoaderRegistry): Promise<Meeting[]> {
    return this.meetingService.byCommitmentLoader(loaders).load(commitment.id);
  }
}
