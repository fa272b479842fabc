import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommitmentParty } from '../commitments/commitment.entity';
import { Loaders } from '../common/context/request-context';
import { tryParseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { CountriesService } from '../countries/countries.service';
import { Country } from '../countries/country.entity';
import { Participant } from '../participants/participant.entity';
import { CreateOrganizationInput } from './dto/create-organization.input';
import { OrganizationConnection, OrganizationsArgs } from './dto/organizations.args';
import { UpdateOrganizationInput } from './dto/update-organization.input';
import { Organization } from './organization.entity';
import { OrganizationsService } from './organizations.service';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';

@RequireRole(Role.ANALYST)
@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(
    private readonly organizationService: OrganizationsService,
    private readonly countryService: CountriesService,
  ) {}

  @Query(() => OrganizationConnection, { description: 'Government bodies, news outlets and international bodies.' })
  organizations(@Args() args: OrganizationsArgs): Promise<ConnectionResult<Organization>> {
    return this.organizationService.list(args);
  }

  @Query(() => Organization, { nullable: true })
  organization(@Args('id', { type: () => ID }) id: string): Promise<Organization | null> | null {
    const parsed = tryParseId(id);
    return parsed === null ? null : this.organizationService.findById(parsed);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Organization)
  createOrganization(@Args('input') input: CreateOrganizationInput): Promise<Organization> {
    return this.organizationService.create(input);
  }

  @RequireRole(Role.STAFF)
  @Mutation(() => Organization)
  updateOrganization(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateOrganizationInput): Promise<Organization> {
    return this.organizationService.update(id, input);
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ID, { description: 'Refused (CONFLICT) while participants belong to it or commitments bind it.' })
  deleteOrganization(@Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.organizationService.delete(id);
  }

  @ResolveField(() => Country, { nullable: true })
  country(@Parent() organization: Organization, @Loaders() loaders: LoaderRegistry): Promise<Country | null> | null {
    return organization.countryCode ? this.countryService.byCodeLoader(loaders).load(organization.countryCode) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => Participant)
export class ParticipantOrganizationResolver {
  constructor(private readonly organizationService: OrganizationsService) {}

  @ResolveField(() => Organization, { nullable: true })
  organization(@Parent() participant: Participant, @Loaders() loaders: LoaderRegistry): Promise<Organization | null> | null {
    return participant.organizationId ? this.organizationService.byIdLoader(loaders).load(participant.organizationId) : null;
  }
}

@RequireRole(Role.ANALYST)
@Resolver(() => CommitmentParty)
export class CommitmentPartyOrganizationResolver {
  constructor(private readonly organizationService: OrganizationsService) {}

  @ResolveField(() => Organization, { nullable: true, description: 'The obligated organization, when the party is one.' })
  organization(@Parent() party: CommitmentParty, @Loaders() loaders: LoaderRegistry): Promise<Organization | null> | null {
    return party.organizationId ? this.organizationService.byIdLoader(loaders).load(party.organizationId) : null;
  }
}
