import { Global, Module } from '@nestjs/common';
import { BriefingCandidatesResolver, CandidatesResolver } from './candidates.resolver';
import { CandidatesService } from './candidates.service';

@Global()
@Module({ providers: [CandidatesService, CandidatesResolver, BriefingCandidatesResolver], exports: [CandidatesService] })
export class CandidatesModule {}
