import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OrganizationKind } from '../organization.entity';

@InputType()
export class CreateOrganizationInput {
  @Field({ description: 'Unique, e.g. Department of Homeland Security.' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: 'e.g. DHS, SRE.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  acronym?: string | null;

  @Field(() => OrganizationKind)
  @IsEnum(OrganizationKind)
  kind: OrganizationKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code of its country, e.g. MX.' })
  @IsOptional()
  @IsString()
  countryCode?: string | null;
}
