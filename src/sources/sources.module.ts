import { Global, Module } from '@nestjs/common';
import { CommitmentSourcesResolver, LinkCommitmentSourceResolver, MeetingSourcesResolver, SourceSpansResolver } from './sources.resolver';
import { SourceSpansService } from './source-spans.service';

@Global()
@Module({
  providers: [SourceSpansService, SourceSpansResolver, CommitmentSourcesResolver, MeetingSourcesResolver, LinkCommitmentSourceResolver],
  exports: [SourceSpansService],
})
export class SourcesModule {}
