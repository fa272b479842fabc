import { Global, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { SecurityConfig } from '../../config/security.config';
import { SECURITY_CONFIG, securityConfigProvider } from './security-config.provider';

/**
 * The security configuration for every module, and the body limit on graphql-ws messages. The
 * HTTP side of the hardening (security headers, CORS, the JSON body parser with its limit,
 * connection and rate limits) is set on the Fastify server itself: src/http/http-app.ts.
 */
@Global()
@Module({
  providers: [securityConfigProvider],
  exports: [securityConfigProvider],
})
export class SecurityModule implements OnApplicationBootstrap {
  constructor(
    @Inject(SECURITY_CONFIG) private readonly config: SecurityConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * The body limit for graphql-ws messages too: the ws server Nest creates takes messages of up
   * to 100 MiB (ws's default), read whole and JSON-parsed before any limit of ours could look at
   * them. Larger ones now close the socket (1009, message too big). Nest gives no option for it,
   * so it is set on the server it made, once GraphQL has started.
   */
  onApplicationBootstrap(): void {
    const graphql = this.moduleRef.get(GraphQLModule, { strict: false }) as unknown as { graphQlAdapter?: { _subscriptionService?: { wss?: { options?: { maxPayload?: number } } } } };
    const wss = graphql?.graphQlAdapter?._subscriptionService?.wss;
    if (wss?.options) wss.options.maxPayload = this.config.limits.bodyBytes;
    else new Logger(SecurityModule.name).warn('graphql-ws server not found: its messages keep ws\'s 100 MiB limit');
  }
}
