import { Args, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Commitment } from '../commitments/commitment.entity';
import { Loaders } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { Meeting } from '../meetings/meeting.entity';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { SourceSpan } from './source-span.entity';
import { SourceSpansService } from './source-spans.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@Resolver(() => SourceSpan)
export class SourceSpansResolver {
  constructor(private readonly statements: StatementsService) {}

  @ResolveField(() => Statement)
  async statement(@Parent() span: SourceSpan, @Loaders() loaders: LoaderRegistry): Promise<Statement> {
    return (await this.statements.byIdLoader(loaders).load(span.statementId))!;
  }
}

@Resolver(() => Commitment)
export class CommitmentSourcesResolver {
  constructor(private readonly spans: SourceSpansService) {}

  @ResolveField(() => [SourceSpan], { description: 'The exact words that announced it.' })
  sources(@Parent() commitment: Commitment, @Loaders() loaders: LoaderRegistry): Promise<SourceSpan[]> {
    return this.spans.byCommitmentLoader(loaders).load(commitment.id);
  }
}

@Resolver(() => Meeting)
export class MeetingSourcesResolver {
  constructor(private readonly spans: SourceSpansService) {}

  @ResolveField(() => [SourceSpan], { description: 'Where briefings mention this meeting.' })
  sources(@Parent() meeting: Meeting, @Loaders() loaders: LoaderRegistry): Promise<SourceSpan[]> {
    return this.spans.byMeetingLoader(loaders).load(meeting.id);
  }
}

@Resolver(() => SourceSpan)
export class LinkCommitmentSourceResolver {
  constructor(private readonly spans: SourceSpansService) {}

  @RequireRole(Role.STAFF)
  @Mutation(() => Commitment, { description: "Adds the exact words behind a commitment (an existing span is kept, not repeated)." })
  linkCommitmentSource(
    @Args('commitmentId', { type: () => ID }) commitmentId: string,
    @Args('statementId', { type: () => ID }) statementId: string,
    @Args('start', { type: () => Int }) start: number,
    @Args('end', { type: () => Int }) end: number,
    @Args('quote', { type: () => String, nullable: true }) quote?: string | null,
  ): Promise<Commitment> {
    return this.spans.linkToCommitment(commitmentId, { statementId, start, end, quote });
  }
}
