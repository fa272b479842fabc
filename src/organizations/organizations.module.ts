import { Global, Module } from '@nestjs/common';
import {
  CommitmentPartyOrganizationResolver,
  OrganizationConnectionResolver,
  OrganizationsResolver,
  ParticipantOrganizationResolver,
} from './organizations.resolver';
import { OrganizationsService } from './organizations.service';

@Global()
@Module({
  providers: [OrganizationsService, OrganizationsResolver, OrganizationConnectionResolver, ParticipantOrganizationResolver, CommitmentPartyOrganizationResolver],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
