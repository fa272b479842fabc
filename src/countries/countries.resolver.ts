import { ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CountriesService } from './countries.service';
import { Country } from './country.entity';

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
