import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Briefing } from '../briefings/briefing.entity';
import { BriefingsService } from '../briefings/briefings.service';
import { Loaders } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { Commitment } from '../commitments/commitment.entity';
import { CommitmentLoaders } from '../commitments/commitment-loaders';
import { Participant } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { SearchArgs } from './dto/search.args';
import { SearchHit, SearchHitConnection } from './dto/search-hit.type';
import { SearchService } from './search.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

/**
 * `search` and the fields of its hits. A hit's records are loaded through their own features'
 * per-request loaders (one query per type for a whole page of hits).
 */
@RequireRole(Role.ANALYST)
@Resolver(() => SearchHit)
export class SearchResolver {
  constructor(
    private readonly searchService: SearchService,
    private readonly statements: StatementsService,
    private readonly commitments: CommitmentLoaders,
    private readonly briefings: BriefingsService,
    private readonly participants: ParticipantsService,
  ) {}

  @Query(() => SearchHitConnection, {
    description: 'Full-text search over statements and commitments, most relevant first. Text without words to search for is BAD_USER_INPUT.',
  })
  search(@Args() args: SearchArgs): Promise<ConnectionResult<SearchHit>> {
    return this.searchService.search(args);
  }

  @ResolveField(() => Statement, { nullable: true, description: 'The matched statement; for a commitment, the first statement it quotes.' })
  statement(@Parent() hit: SearchHit, @Loaders() loaders: LoaderRegistry): Promise<Statement | null> | null {
    return hit.statementId === null ? null : this.statements.byIdLoader(loaders).load(hit.statementId);
  }

  @ResolveField(() => Commitment, { nullable: true, description: 'The matched commitment (COMMITMENT hits).' })
  commitment(@Parent() hit: SearchHit, @Loaders() loaders: LoaderRegistry): Promise<Commitment | null> | null {
    return hit.commitmentId === null ? null : this.commitments.byIdLoader(loaders).load(hit.commitmentId);
  }

  @ResolveField(() => Briefing, { nullable: true, description: "The briefing of the hit's statement." })
  async briefing(@Parent() hit: SearchHit, @Loaders() loaders: LoaderRegistry): Promise<Briefing | null> {
    const statement = await this.statement(hit, loaders);
    return statement ? this.briefings.byIdLoader(loaders).load(statement.briefingId) : null;
  }

  @ResolveField(() => Participant, { nullable: true, description: "Who spoke the hit's statement (null when unknown)." })
  async speaker(@Parent() hit: SearchHit, @Loaders() loaders: LoaderRegistry): Promise<Participant | null> {
    const statement = await this.statement(hit, loaders);
    return statement?.speakerId ? this.participants.byIdLoader(loaders).load(statement.speakerId) : null;
  }
}
