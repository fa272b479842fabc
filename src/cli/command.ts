import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import type { ParseArgsConfig } from 'node:util';

/**
 * One `npm run cli -- <name> ...` command. Each lives in its own file under commands/
 * (`<name>.command.ts`, default export) and is found there by main.ts, so commands are added
 * without touching a shared list.
 */
export interface CliCommand {
  name: string;
  /** Lines for the usage text: the synopsis first, then the flags. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the process exit code. */
  run(args: string[], flags: Record<string, string | boolean | string[] | undefined>): Promise<number>;
}

/**
 * The application without HTTP, for a command's lifetime: every feature module (CliModule), or
 * only the database (its migrations and reference data as always) and the `features` a command
 * names, so that a small command does not load and build the whole application. Loaded here,
 * not at the top, for the same reason.
 */
export async function createCliContext(features?: (Type | DynamicModule)[]): Promise<INestApplicationContext> {
  // A command on an empty database should not pull in the demo briefing as a side effect.
  process.env.DEMO_DATA ??= 'false';
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  let root: Type | DynamicModule;
  if (features) {
    const { DatabaseModule } = require('../database/database.module') as typeof import('../database/database.module');
    const { ENTITIES } = require('../entities') as typeof import('../entities');
    const { ReferenceDataModule } = require('../reference-data/reference-data.module') as typeof import('../reference-data/reference-data.module');
    root = { module: CliFeaturesModule, imports: [DatabaseModule.forRoot(ENTITIES), ReferenceDataModule, ...features] };
  } else {
    root = (require('./cli.module') as typeof import('./cli.module')).CliModule;
  }
  return NestFactory.createApplicationContext(root, { logger: ['error', 'warn'] });
}

class CliFeaturesModule {}
