import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ThrottlerModule } from '@nestjs/throttler';
import { join } from 'node:path';
import { AccessGuard } from './auth/access.guard';
import { formatGraphQLError } from './common/errors/format-error';
import { PassThroughGraphQLExceptionFilter } from './common/errors/graphql-exception.filter';
import { GraphQLThrottlerGuard } from './common/limits/graphql-throttler.guard';
import { limitsPlugin } from './common/limits/limits.plugin';
import { SlidingWindowThrottlerStorage } from './common/limits/sliding-window-storage';
import { checkDeadline, limitRootQueryFields } from './common/limits/operation-deadline';
import { answerPreloadedFields } from './common/preload/preloaded';
import { SECURITY_CONFIG } from './common/security/security-config.provider';
import { SecurityModule } from './common/security/security.module';
import { GraphQLValidationPipe } from './common/validation/graphql-validation.pipe';
import type { SecurityConfig } from './config/security.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { DOMAIN_MODULES } from './domain.modules';
import { HealthModule } from './health/health.module';
import { graphqlWsOptions } from './subscriptions/graphql-ws.options';
import { compiledQueriesOptions, compiledQueriesPlugin, compiledQueryStats } from './common/jit/compiled-queries.plugin';
import { operationContext } from './subscriptions/operation-context';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { SocketGovernor } from './subscriptions/socket-governor';
import { SocketGovernorModule } from './subscriptions/socket-governor.module';

/**
 * Where the generated schema goes: schema.gql at the root in development (committed, checked
 * in CI by `npm run schema:print`), in memory under tests and in production.
 */
function schemaFile(): string | true {
  if (process.env.GRAPHQL_SCHEMA_FILE) return process.env.GRAPHQL_SCHEMA_FILE;
  return ['test', 'production'].includes(process.env.NODE_ENV ?? '') ? true : join(process.cwd(), 'schema.gql');
}

@Module({
  imports: [
    DatabaseModule.forRoot(ENTITIES),
    SecurityModule,
    // Options read when the module is built, so each test app can set its own environment.
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [SocketGovernorModule],
      inject: [SECURITY_CONFIG, SocketGovernor],
      useFactory: (security: SecurityConfig, sockets: SocketGovernor): ApolloDriverConfig => ({
        autoSchemaFile: schemaFile(),
        sortSchema: true,
        buildSchemaOptions: { dateScalarMode: 'isoDate' },
        context: operationContext,
        // Subscriptions (and any operation) over graphql-ws on the same path, under the same limits
        // and validation, with the socket's own bounds (connections, tokens, subscriptions, slow consumers).
        subscriptions: { 'graphql-ws': graphqlWsOptions(security, sockets) },
        formatError: formatGraphQLError,
        includeStacktraceInErrorResponses: false,
        playground: false,
        introspection: security.introspection,
        // With introspection off, validation errors do not suggest field names either.
        hideSchemaDetailsFromClientErrors: !security.introspection,
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        parseOptions: { maxTokens: security.limits.tokens },
        // No cache hints are used; Apollo's default cache-control plugin would wrap every field.
        // Queries asked more than once, once answered without error, run compiled (graphql-jit);
        // GRAPHQL_JIT=false turns it off.
        plugins: [limitsPlugin(security.limits), ApolloServerPluginCacheControlDisabled(), compiledQueriesPlugin(compiledQueriesOptions(), compiledQueryStats)],
        // Values a list loaded ahead answer their fields; every field resolver checks the query's
        // time budget first, and a root field still running at the deadline answers the timeout.
        transformSchema: (schema) =>
          limitRootQueryFields(
            answerPreloadedFields(schema, (context) => checkDeadline(context as object)),
            security.limits.operationTimeoutMs,
          ),
        // Errors may carry an HTTP status (429 when rate limited); Nest would reset it to 200.
        preserveHttpStatusForExecutionErrors: false,
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [SECURITY_CONFIG],
      useFactory: ({ limits }: SecurityConfig) => ({
        // A sliding window: refused while `rateLimit` requests fall within the last window.
        throttlers: [{ name: 'default', limit: limits.rateLimit, ttl: limits.rateWindowMs, blockDuration: 0 }],
        storage: new SlidingWindowThrottlerStorage(),
      }),
    }),
    HealthModule,
    DashboardModule,
    ...DOMAIN_MODULES,
    SubscriptionsModule,
  ],
  providers: [
    // Every GraphQL root field and HTTP route needs a token with the role it declares.
    { provide: APP_GUARD, useClass: AccessGuard },
    // After the access guard: a token is verified (from the cache) before it is counted.
    { provide: APP_GUARD, useClass: GraphQLThrottlerGuard },
    { provide: APP_PIPE, useClass: GraphQLValidationPipe },
    { provide: APP_FILTER, useClass: PassThroughGraphQLExceptionFilter },
  ],
})
export class AppModule {}
