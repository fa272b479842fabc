import { Global, Module } from '@nestjs/common';
import { FacetsResolver, OrganizationFacetResolver, PartyFacetResolver, TopicFacetResolver } from './facets.resolver';
import { FacetsService } from './facets.service';

/** Counts for a dashboard's filter bar (read-only aggregates over the other features' tables). */
@Global()
@Module({
  providers: [FacetsService, FacetsResolver, TopicFacetResolver, PartyFacetResolver, OrganizationFacetResolver],
  exports: [FacetsService],
})
export class FacetsModule {}
