import { Global, Module } from '@nestjs/common';
import {
  CommitmentPartyOrganizationResolver,
  OrganizationsResolver,
  ParticipantOrganizationResolver,
} from './organizations.resolver';
import { OrganizationsService } from './organizations.service';

@Global()
@Module({
  providers: [OrganizationsService, OrganizationsResolver, ParticipantOrganizationResolver, CommitmentPartyOrganizationResolver],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
