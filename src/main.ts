import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config/configuration';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL=debug|info|warn|error: that level and everything more severe. */
function loggerLevels(level: string): LogLevel[] {
  const wanted = (level === 'info' ? 'log' : level) as LogLevel;
  const at = LEVELS.indexOf(wanted);
  return LEVELS.slice(0, at < 0 ? 4 : at + 1);
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, { logger: loggerLevels(config.logLevel) });
  app.enableShutdownHooks();
  await app.listen(config.port);
  const where = config.driver === 'postgres' ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`;
  Logger.log(`GraphQL at http://localhost:${config.port}/graphql (${where})`, 'Bootstrap');
}

void bootstrap();
