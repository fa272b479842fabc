import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { Dialogue } from '../dialogues/dialogue.entity';
import { DialoguesService } from '../dialogues/dialogues.service';
import { Statement } from '../statements/statement.entity';
import { Briefing } from './briefing.entity';
import { BriefingsService } from './briefings.service';
import { BriefingConnection, BriefingsArgs } from './dto/briefings.args';
import { CreateBriefingInput } from './dto/create-briefing.input';
import { UpdateBriefingInput } from './dto/update-briefing.input';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Briefing)
export class BriefingsResolver {
  constructor(
    private readonly briefingService: BriefingsService,
    private readonly dialogueService: DialoguesService,
  ) {}

  @Query(() => BriefingConnection)
  briefings(@Args() args: BriefingsArgs): Promise<ConnectionResult<Briefing>> {
    return this.briefingService.list(args);
  }

  @Query(() => Briefing, { nullable: true })
  briefing(@Args('id', { type: () => ID }) id: string): Promise<Briefing | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.briefingService.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Briefing, { description: 'Records a briefing from its statements, in one transaction; the same text twice is a CONFLICT.' })
  createBriefing(@Args('input') input: CreateBriefingInput, @Actor() actor: string): Promise<Briefing> {
    return this.briefingService.create(input, actor);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Briefing, { description: 'Changes metadata only: the text and statements are the record.' })
  updateBriefing(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateBriefingInput): Promise<Briefing> {
    return this.briefingService.update(id, input);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ID, { description: 'Deletes a briefing and its statements; refused (CONFLICT) while a commitment, meeting or status change cites one of them.' })
  deleteBriefing(@Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.briefingService.delete(id);
  }

  @ResolveField(() => Dialogue, { nullable: true })
  dialogue(@Parent() briefing: Briefing, @Loaders() loaders: LoaderRegistry): Promise<Dialogue | null> | null {
    return briefing.dialogueId ? this.dialogueService.byIdLoader(loaders).load(briefing.dialogueId) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Statement)
export class StatementBriefingResolver {
  constructor(private readonly briefingService: BriefingsService) {}

  @ResolveField(() => Briefing)
  async briefing(@Parent() statement: Statement, @Loaders() loaders: LoaderRegistry): Promise<Briefing> {
    return (await this.briefingService.byIdLoader(loaders).load(statement.briefingId))!;
  }
}
