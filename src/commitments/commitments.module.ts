import { Global, Module } from '@nestjs/common';
import {
  BriefingCommitmentsResolver,
  MeetingCommitmentsResolver,
  MeetingOutcomeCommitmentsResolver,
  ParticipantCommitmentsResolver,
  StatementCommitmentsResolver,
  TopicCommitmentsResolver,
} from './commitment-links.resolver';
import {
  CommitmentEventResolver,
  CommitmentPartyResolver,
  EvidenceResolver,
  MeetingCommitmentLinkResolver,
  TimelineEntryResolver,
} from './commitment-parts.resolver';
import { CommitmentPagePreloader } from './commitment-page-preloader';
import { CommitmentsResolver } from './commitments.resolver';
import { CommitmentsService } from './commitments.service';
import { TopicProgressResolver } from './topic-progress.resolver';
import { TopicProgressService } from './topic-progress.service';

@Global()
@Module({
  providers: [
    CommitmentsService,
    CommitmentPagePreloader,
    TopicProgressService,
    CommitmentsResolver,
    CommitmentPartyResolver,
    CommitmentEventResolver,
    EvidenceResolver,
    TimelineEntryResolver,
    MeetingCommitmentLinkResolver,
    TopicCommitmentsResolver,
    ParticipantCommitmentsResolver,
    BriefingCommitmentsResolver,
    StatementCommitmentsResolver,
    MeetingCommitmentsResolver,
    MeetingOutcomeCommitmentsResolver,
    TopicProgressResolver,
  ],
  exports: [CommitmentsService, TopicProgressService],
})
export class CommitmentsModule {}
