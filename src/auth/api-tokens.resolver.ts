import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/context/request-context';
import { RequireRole } from '../common/security/access.decorators';
import { ApiToken } from './api-token.entity';
import { ApiTokensService } from './api-tokens.service';
import { CreateApiTokenInput, CreatedApiToken } from './dto/create-api-token.input';
import { Role } from '../common/security/role';

@RequireRole(Role.ADMIN)
@Resolver(() => ApiToken)
export class ApiTokensResolver {
  constructor(private readonly tokens: ApiTokensService) {}

  @Query(() => [ApiToken], { description: 'Every API token ever made (revoked ones included); ADMIN only.' })
  apiTokens(): Promise<ApiToken[]> {
    return this.tokens.list();
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => CreatedApiToken, { description: 'Makes an API token; its secret is in the answer, once.' })
  async createApiToken(@Args('input') input: CreateApiTokenInput, @Actor() actor: string): Promise<CreatedApiToken> {
    const { token, record } = await this.tokens.create({ ...input, createdBy: actor });
    return { token, apiToken: record };
  }

  @RequireRole(Role.ADMIN)
  @Mutation(() => ApiToken, { description: 'Stops a token from working, at once on this instance.' })
  revokeApiToken(@Args('id', { type: () => ID }) id: string): Promise<ApiToken> {
    return this.tokens.revoke(id);
  }
}
