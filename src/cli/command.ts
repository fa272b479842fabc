import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ParseArgsConfig } from 'node:util';
import { CliModule } from './cli.module';

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

/** The application without HTTP, for a command's lifetime. */
export async function createCliContext(): Promise<INestApplicationContext> {
  // A command on an empty database should not pull in the demo briefing as a side effect.
  process.env.DEMO_DATA ??= 'false';
  return NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
}
