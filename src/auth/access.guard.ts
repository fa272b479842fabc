import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../common/context/request-context';
import { ForbiddenError, UnauthenticatedError } from '../common/errors/domain-errors';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from '../common/security/access.decorators';
import { ApiTokensService } from './api-tokens.service';
import { Principal } from '../common/security/principal';
import { Role, roleAllows } from '../common/security/role';
import { bearerToken } from '../common/security/token-format';

/**
 * The one gate of the service (a global guard): every GraphQL root field and every HTTP route
 * needs a valid token with the role it declares; nothing is open by default.
 * - Queries and subscriptions: the role on the handler, else on the resolver class.
 * - Mutations: the role on the handler only, so a new mutation without a rule is refused.
 * - HTTP routes: the role on the handler or controller, or @Public().
 * The token is verified once per operation and its name becomes the operation's actor.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() === 'graphql') return this.checkGraphQL(context);
    if (context.getType() === 'http') return this.checkHttp(context);
    return false;
  }

  private async checkGraphQL(context: ExecutionContext): Promise<boolean> {
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const operation = info.parentType.name;
    // Field resolvers below a root field are covered by the root field's check.
    if (!['Query', 'Mutation', 'Subscription'].includes(operation)) return true;
    const needed =
      operation === 'Mutation'
        ? this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getHandler())
        : this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    if (!needed) throw new ForbiddenError(`${operation}.${info.fieldName} declares no access rule`);
    const ctx = gql.getContext<RequestContext>();
    const principal = await this.principalOf(ctx);
    if (!principal) throw new UnauthenticatedError();
    if (!roleAllows(principal.role, needed)) {
      throw new ForbiddenError(`${operation}.${info.fieldName} needs the ${needed} role; this token has ${principal.role}`, { requiredRole: needed });
    }
    ctx.principal = principal;
    ctx.actor = principal.name;
    return true;
  }

  private async checkHttp(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const needed = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (!needed) throw new ForbiddenError('This route declares no access rule');
    const req = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const token = bearerToken(req.headers.authorization);
    const principal = token ? await this.tokens.verify(token) : null;
    if (!principal) throw new UnauthenticatedError();
    if (!roleAllows(principal.role, needed)) throw new ForbiddenError(`This route needs the ${needed} role; this token has ${principal.role}`, { requiredRole: needed });
    req.principal = principal;
    return true;
  }

  /** Verified once per operation context (several root fields share one lookup). */
  private principalOf(ctx: RequestContext): Promise<Principal | null> {
    ctx.authentication ??= ctx.token ? this.tokens.verify(ctx.token) : Promise.resolve(null);
    return ctx.authentication;
  }
}
