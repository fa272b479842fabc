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
import { CommitmentLoaders } from './commitment-loaders';
import { CommitmentPagePreloader } from './commitment-page-preloader';
import { CommitmentQueriesService } from './commitment-queries.service';
import { CommitmentStatusService } from './commitment-status.service';
import { CommitmentWritesService } from './commitment-writes.service';
import { CommitmentsResolver } from './commitments.resolver';
import { TopicProgressResolver } from './topic-progress.resolver';
import { TopicProgressService } from './topic-progress.service';

@Global()
@Module({
  providers: [
    CommitmentQueriesService,
    CommitmentWritesService,
    CommitmentStatusService,
    CommitmentLoaders,
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
  exports: [CommitmentQueriesService, CommitmentWritesService, CommitmentStatusService, CommitmentLoaders, TopicProgressService],
})
export class CommitmentsModule {}
