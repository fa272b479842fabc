import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CommitmentFilter } from '../commitments/dto/commitments.args';
import { CommitmentStatusCount } from '../commitments/dto/topic-progress.types';
import { Country } from '../countries/country.entity';
import { CountriesService } from '../countries/countries.service';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { CommitmentFacets, CommitmentKindCount, OrganizationFacet, PartyFacet, TopicFacet } from './dto/commitment-facets.types';
import { FacetsService } from './facets.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => CommitmentFacets)
export class FacetsResolver {
  constructor(private readonly facets: FacetsService) {}

  @Query(() => CommitmentFacets, {
    description: 'Counts of the commitments a filter selects (the filter of `commitments`), by status, kind, topic, party and speaker organization.',
  })
  commitmentFacets(@Args('filter', { type: () => CommitmentFilter, nullable: true }) filter?: CommitmentFilter): Promise<CommitmentFacets> {
    return this.facets.commitmentFacets(filter ?? {});
  }

  @ResolveField(() => Int, { description: 'The commitments the filter selects.' })
  total(@Parent() facets: CommitmentFacets): Promise<number> {
    return this.facets.total(facets);
  }

  @ResolveField(() => [CommitmentStatusCount], { description: 'Every status, in order, zeros included.' })
  byStatus(@Parent() facets: CommitmentFacets): Promise<CommitmentStatusCount[]> {
    return this.facets.byStatus(facets);
  }

  @ResolveField(() => [CommitmentKindCount], { description: 'Every kind, in order, zeros included.' })
  byKind(@Parent() facets: CommitmentFacets): Promise<CommitmentKindCount[]> {
    return this.facets.byKind(facets);
  }

  @ResolveField(() => [TopicFacet], { description: 'Topics with commitments (a subtopic\'s also count for its parents), most first.' })
  byTopic(@Parent() facets: CommitmentFacets): Promise<TopicFacet[]> {
    return this.facets.byTopic(facets);
  }

  @ResolveField(() => [PartyFacet], { description: 'Countries and organizations bound by commitments, most first.' })
  byParty(@Parent() facets: CommitmentFacets): Promise<PartyFacet[]> {
    return this.facets.byParty(facets);
  }

  @ResolveField(() => [OrganizationFacet], { description: "Organizations of the speakers quoted as commitments' sources, most first." })
  bySpeakerOrganization(@Parent() facets: CommitmentFacets): Promise<OrganizationFacet[]> {
    return this.facets.bySpeakerOrganization(facets);
  }
}

/*
 * The facet rows' topics, organizations and countries, through their features' services and
 * per-request DataLoaders (one query for all rows of a facet).
 */

@RequireRole(Role.ANALYST)
@Resolver(() => TopicFacet)
export class TopicFacetResolver {
  constructor(private readonly topics: TopicsService) {}

  @ResolveField(() => Topic)
  async topic(@Parent() row: TopicFacet, @Loaders() loaders: LoaderRegistry): Promise<Topic> {
    return (await this.topics.byIdLoader(loaders).load(row.topicId))!;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => PartyFacet)
export class PartyFacetResolver {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly countries: CountriesService,
  ) {}

  @ResolveField(() => Organization, { nullable: true })
  organization(@Parent() row: PartyFacet, @Loaders() loaders: LoaderRegistry): Promise<Organization | null> | null {
    return row.organizationId === null ? null : this.organizations.byIdLoader(loaders).load(row.organizationId);
  }

  @ResolveField(() => Country, { nullable: true })
  country(@Parent() row: PartyFacet, @Loaders() loaders: LoaderRegistry): Promise<Country | null> | null {
    return row.countryCode === null ? null : this.countries.byCodeLoader(loaders).load(row.countryCode);
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => OrganizationFacet)
export class OrganizationFacetResolver {
  constructor(private readonly organizations: OrganizationsService) {}

  @ResolveField(() => Organization)
  async organization(@Parent() row: OrganizationFacet, @Loaders() loaders: LoaderRegistry): Promise<Organization> {
    return (await this.organizations.byIdLoader(loaders).load(row.organizationId))!;
  }
}
