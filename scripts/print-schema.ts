import 'reflect-metadata';
// Must run before the entities load: they read the database driver from DATABASE_URL.
import './print-schema.env';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module';
import { createHttpApp, HTTP_APP_OPTIONS } from '../src/http/http-app';

/**
 * Writes the code-first schema to schema.gql (committed). CI runs this and fails when the
 * committed file differs from the generated one. Runs on a throwaway in-memory SQLite.
 */
async function main(): Promise<void> {
  const app = await createHttpApp((adapter) => NestFactory.create<NestFastifyApplication>(AppModule, adapter, { ...HTTP_APP_OPTIONS, logger: ['error'] }));
  await app.close();
  console.log('schema.gql written');
}

void main();
