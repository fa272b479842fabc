import { Global, Inject, Logger, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap, OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { SecurityConfig } from '../../config/security.config';
import { corsFor, jsonBody, securityHeaders } from './http-security';
import { SECURITY_CONFIG, securityConfigProvider } from './security-config.provider';

/** Every path, the root (the dashboard) included. */
const EVERY_ROUTE = { path: '{*splat}', method: RequestMethod.ALL };

/**
 * The HTTP side of the hardening, for every request before any route or GraphQL sees it:
 * security headers, CORS from the allow-list, and the JSON body parser with its limit. The
 * application must be created with `bodyParser: false` (main.ts, the test harness): Nest's own
 * parser would otherwise run first with its 100 kB limit.
 */
@Global()
@Module({
  providers: [securityConfigProvider],
  exports: [securityConfigProvider],
})
export class SecurityModule implements NestModule, OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(SECURITY_CONFIG) private readonly config: SecurityConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** No ETag on API answers: every GraphQL answer is a POST that no cache revalidates, and Express would hash each body for it. */
  onModuleInit(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (instance && typeof (instance as { set?: unknown }).set === 'function') (instance as { set(name: string, value: unknown): void }).set('etag', false);
  }

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

  configure(consumer: MiddlewareConsumer): void {
    const cors = corsFor(this.config);
    const middleware = [securityHeaders(), ...(cors ? [cors] : []), jsonBody(this.config.limits.bodyBytes)];
    consumer.apply(...middleware).forRoutes(EVERY_ROUTE);
  }
}
