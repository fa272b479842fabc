import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadConfig } from '../config/configuration';
import { watchDatabaseFile } from './database-file';
import { buildDataSourceOptions } from './data-source-options';
import { HeavyReads } from './heavy-reads';
import { serializeSqliteTransactions } from './serialize-sqlite-transactions';
import { SqlStatementCounter } from './sql-statement-counter';
import { SqliteStatistics } from './sqlite-statistics';
import { withStartupLock } from './startup-lock';

const counter = new SqlStatementCounter();

/**
 * The database: options from the environment (read when the module starts), migrations run
 * at start (they are the only source of the schema; MIGRATIONS_RUN=false leaves them to a
 * release step, `npm run migration:run`). Instances starting together on
 * one PostgreSQL database take turns (withStartupLock), so each migration runs once.
 */
@Global()
@Module({})
export class DatabaseModule {
  /** The database with the given entity classes (src/entities.ts). */
  static forRoot(entities: NonNullable<DataSourceOptions['entities']>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            counter.reset();
            const config = loadConfig();
            return {
              ...buildDataSourceOptions(config, { entities, logger: counter, schema: config.databaseSchema ?? undefined }),
              migrationsRun: false,
              // Fail fast under test; in service, ride out a database that starts after us.
              retryAttempts: config.nodeEnv === 'test' ? 0 : 10,
            };
          },
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if ((process.env.MIGRATIONS_RUN ?? 'true').toLowerCase() !== 'false') {
              await withStartupLock(dataSource, () => dataSource.runMigrations({ transaction: 'all' }));
            }
            serializeSqliteTransactions(dataSource);
            watchDatabaseFile(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [SqliteStatistics, HeavyReads, { provide: SqlStatementCounter, useValue: counter }],
      exports: [SqlStatementCounter, SqliteStatistics, HeavyReads],
    };
  }
}
