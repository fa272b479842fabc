import { InputType, PartialType } from '@nestjs/graphql';
import { CreateOrganizationInput } from './create-organization.input';

/** Only the fields given change; `acronym: null` or `countryCode: null` clears them. */
@InputType()
export class UpdateOrganizationInput extends PartialType(CreateOrganizationInput) {}
