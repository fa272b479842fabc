import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiToken } from '../api-token.entity';
import { Role } from '../../common/security/role';

@InputType()
export class CreateApiTokenInput {
  @Field({ description: 'Who or what will use it, e.g. "jane.doe" or "dashboard wall screen".' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field(() => Date, { nullable: true, description: 'After this instant the token no longer works.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}

@ObjectType({ description: 'A new token: the secret is shown here once and never again.' })
export class CreatedApiToken {
  @Field({ description: 'Send as "Authorization: Bearer <token>". Store it now: only its hash is kept.' })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}
