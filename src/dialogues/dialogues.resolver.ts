import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { Country } from '../countries/country.entity';
import { Dialogue } from './dialogue.entity';
import { DialoguesService } from './dialogues.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Dialogue)
export class DialoguesResolver {
  constructor(private readonly dialogueService: DialoguesService) {}

  @Query(() => [Dialogue], { description: 'The bilateral relationships tracked (a short list).' })
  dialogues(): Promise<Dialogue[]> {
    return this.dialogueService.findAll();
  }

  @Query(() => Dialogue, { nullable: true })
  dialogue(@Args('id', { type: () => ID }) id: string): Promise<Dialogue | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.dialogueService.findById(parsed);
  }

  @ResolveField(() => [Country])
  countries(@Parent() dialogue: Dialogue, @Loaders() loaders: LoaderRegistry): Promise<Country[]> {
    return this.dialogueService.countriesLoader(loaders).load(dialogue.id);
  }
}
