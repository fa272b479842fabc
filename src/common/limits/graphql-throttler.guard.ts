import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_ROUTE } from '../security/access.decorators';
import { bearerToken, tokenPrefix } from '../security/token-format';
import type { SecurityConfig } from '../../config/security.config';
import type { RequestContext } from '../context/request-context';
import { SECURITY_CONFIG } from '../security/security-config.provider';
import { RateLimitedError } from './limit-errors';

/** Each operation is counted once, however many root fields it has: the verdict by operation context. */
const verdicts = new WeakMap<object, Promise<boolean>>();

/** What the guard needs of a response: setting the X-RateLimit-* and Retry-After headers when there is one. */
const NO_RESPONSE = { header: () => undefined };

/**
 * @nestjs/throttler for GraphQL as well as HTTP: one budget per API token (its lookup prefix,
 * which needs no database), else per client address, shared by every operation and route.
 * Runs after the access guard, so a token is verified (from the cache) before it is counted.
 * An operation counts once, at its first root field; a subscription once, when it starts.
 * Public routes (the health probe, the dashboard's files) are not counted.
 * Refusals: FORBIDDEN with `extensions.limit: 'rate'` and `retryAfter` (seconds); over HTTP
 * status 429 and a Retry-After header.
 */
@Injectable()
export class GraphQLThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(SECURITY_CONFIG) private readonly config: SecurityConfig,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return super.canActivate(context);
    const operationContext = GqlExecutionContext.create(context).getContext<object>();
    let verdict = verdicts.get(operationContext);
    if (!verdict) {
      verdict = super.canActivate(context);
      verdicts.set(operationContext, verdict);
    }
    return verdict;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (this.config.limits.rateLimit <= 0) return true;
    if (context.getType<GqlContextType>() === 'graphql') return false;
    return Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]));
  }

  protected override getRequestResponse(context: ExecutionContext): { req: Record<string, any>; res: Record<string, any> } {
    if (context.getType<GqlContextType>() !== 'graphql') return super.getRequestResponse(context);
    const { req, reply } = GqlExecutionContext.create(context).getContext<RequestContext>();
    // Over graphql-ws the request is the socket's upgrade request: no response to set headers on.
    return { req: req ?? {}, res: reply ?? NO_RESPONSE };
  }

  /** The token's lookup prefix (never the secret), else the client address. */
  protected override async getTracker(req: Record<string, any>, context?: ExecutionContext): Promise<string> {
    const token =
      context?.getType<GqlContextType>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<RequestContext>().token
        : bearerToken((req as FastifyRequest).headers?.authorization);
    const prefix = token ? tokenPrefix(token) : null;
    if (prefix) return `token:${prefix}`;
    return `address:${(req as Partial<FastifyRequest>).ip ?? (req as FastifyRequest).socket?.remoteAddress ?? 'unknown'}`;
  }

  /** One budget per tracker for everything (the default key is per handler). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return createHash('sha256').update(`${throttlerName}:${tracker}`).digest('hex');
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new RateLimitedError(retryAfter, detail.limit, detail.ttl, context.getType<GqlContextType>() === 'graphql');
  }
}
