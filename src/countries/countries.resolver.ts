import { ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CountriesService } from './countries.service';
import { Country } from './country.entity';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Country)
export class CountriesResolver {
  constructor(private readonly countryService: CountriesService) {}

  @Query(() => [Country])
  countries(): Promise<Country[]> {
    return this.countryService.findAll();
  }

  @ResolveField(() => ID, { description: 'The country code, as an id.' })
  id(@Parent() country: Country): string {
    return country.code;
  }
}
