import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions, Logger, LogLevel } from 'typeorm';
import { AppConfig } from '../config/configuration';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { applySqlitePragmas, BetterSqlite3Database } from './sqlite-pragmas';

export interface DataSourceOverrides {
  /** The entity classes (src/entities.ts: the features own them, the composition root lists them). */
  entities?: DataSourceOptions['entities'];
  /** PostgreSQL schema to use instead of public (tests isolate themselves this way). */
  schema?: string;
  logger?: Logger;
}

/**
 * One description of the database for the app, the TypeORM CLI (ormconfig.ts) and the tests.
 * Migrations are the only source of the schema: synchronize stays off everywhere.
 */
export function buildDataSourceOptions(config: AppConfig, overrides: DataSourceOverrides = {}): DataSourceOptions {
  const common = {
    entities: overrides.entities ?? [],
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logger: overrides.logger,
    logging: overrides.logger ? (['query', 'error'] as LogLevel[]) : (['error'] as LogLevel[]),
  };
  if (config.driver === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl!,
      schema: overrides.schema,
      // Raw SQL (aggregates, search) names tables unqualified: point search_path at the schema.
      extra: { max: 10, ...(overrides.schema ? { options: `-c search_path=${overrides.schema}` } : {}) },
    } as DataSourceOptions;
  }
  if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqlitePath,
    // Crash safety (docs/operations.md, Configuration): WAL, so a reader never blocks the writer and a
    // commit interrupted by a crash is simply not there after restart; synchronous FULL by
    // default, so a reported commit survives power loss too; a busy timeout, so another
    // process's short write (a CLI ingest, a backup) is waited for rather than failing.
    enableWAL: true,
    timeout: config.sqliteBusyTimeoutMs,
    prepareDatabase: (db: BetterSqlite3Database) => {
      applySqlitePragmas(db, config);
      // Tests only, as in the read pool's workers: a statement that holds its connection (and, here, the event loop).
      if (config.nodeEnv === 'test') db.function('test_sleep', (ms) => (Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms)), 1));
    },
  } as DataSourceOptions;
}
