import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import { AccessGuard } from './auth/access.guard';
import { formatGraphQLError } from './common/errors/format-error';
import { PassThroughGraphQLExceptionFilter } from './common/errors/graphql-exception.filter';
import { GraphQLValidationPipe } from './common/validation/graphql-validation.pipe';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { DOMAIN_MODULES } from './domain.modules';
import { HealthModule } from './health/health.module';
import { graphqlWsOptions } from './subscriptions/graphql-ws.options';
import { operationContext } from './subscriptions/operation-context';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

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
    DatabaseModule,
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: schemaFile(),
      sortSchema: true,
      buildSchemaOptions: { dateScalarMode: 'isoDate' },
      context: operationContext,
      // Subscriptions (and any operation) over graphql-ws on the same path.
      subscriptions: { 'graphql-ws': graphqlWsOptions },
      formatError: formatGraphQLError,
      includeStacktraceInErrorResponses: false,
      playground: false,
      introspection: true,
    }),
    HealthModule,
    DashboardModule,
    ...DOMAIN_MODULES,
    SubscriptionsModule,
  ],
  providers: [
    // Every GraphQL root field and HTTP route needs a token with the role it declares.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_PIPE, useClass: GraphQLValidationPipe },
    { provide: APP_FILTER, useClass: PassThroughGraphQLExceptionFilter },
  ],
})
export class AppModule {}
