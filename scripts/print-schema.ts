import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';

/**
 * Writes the code-first schema to schema.gql (committed). CI runs this and fails when the
 * committed file differs from the generated one. Runs on a throwaway in-memory SQLite.
 */
async function main(): Promise<void> {
  Object.assign(process.env, {
    DATABASE_URL: 'sqlite::memory:',
    DEMO_DATA: 'false',
    GRAPHQL_SCHEMA_FILE: join(process.cwd(), 'schema.gql'),
  });
  const { AppModule } = await import('../src/app.module');
  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  await app.init();
  await app.close();
  console.log('schema.gql written');
}

void main();
