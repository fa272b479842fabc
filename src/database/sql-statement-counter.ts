import { Logger as NestLogger } from '@nestjs/common';
import { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's logger for the app: counts every SQL statement sent (tests use it to prove that
 * a list query's statement count does not grow with its page size) and reports failures.
 */
export class SqlStatementCounter implements TypeOrmLogger {
  private readonly logger = new NestLogger('SQL');
  count = 0;
  /** Statements seen since the last reset(), when recording is on. */
  readonly recorded: string[] = [];
  recording = false;

  reset(): void {
    this.count = 0;
    this.recorded.length = 0;
  }

  logQuery(query: string): void {
    this.count++;
    if (this.recording) this.recorded.push(query);
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(`${error instanceof Error ? error.message : error} -- ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.slice(0, 200)}`);
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.debug(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
