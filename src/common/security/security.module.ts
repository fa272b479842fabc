import { Global, Inject, MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
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
export class SecurityModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(SECURITY_CONFIG) private readonly config: SecurityConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** No ETag on API answers: every GraphQL answer is a POST that no cache revalidates, and Express would hash each body for it. */
  onModuleInit(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (instance && typeof (instance as { set?: unknown }).set === 'function') (instance as { set(name: string, value: unknown): void }).set('etag', false);
  }

  configure(consumer: MiddlewareConsumer): void {
    const cors = corsFor(this.config);
    const middleware = [securityHeaders(), ...(cors ? [cors] : []), jsonBody(this.config.limits.bodyBytes)];
    consumer.apply(...middleware).forRoutes(EVERY_ROUTE);
  }
}
