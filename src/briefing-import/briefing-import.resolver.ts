import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/context/request-context';
import { IngestBriefingInput } from './dto/ingest-briefing.input';
import { IngestResult } from './dto/ingest-result.types';
import { BriefingImportService } from './briefing-import.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@Resolver(() => IngestResult)
export class BriefingImportResolver {
  constructor(private readonly ingestService: BriefingImportService) {}

  @RequireRole(Role.STAFF)
  @Mutation(() => IngestResult, {
    description: 'Builds a briefing, its statements, speakers, meetings and commitment candidates from raw text. Idempotent by the text.',
  })
  ingestBriefing(@Args('input') input: IngestBriefingInput, @Actor() actor: string): Promise<IngestResult> {
    return this.ingestService.ingest(input, actor);
  }
}
