import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/configuration';
import { buildDataSourceOptions } from './data-source-options';
import { ReferenceDataService } from './reference-data.service';
import { serializeSqliteTransactions } from './serialize-sqlite-transactions';
import { SqlStatementCounter } from './sql-statement-counter';

const counter = new SqlStatementCounter();

/**
 * The database: options from the environment (read when the module starts), migrations run
 * at start (they are the only source of the schema), then reference data.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => {
        counter.reset();
        const config = loadConfig();
        return {
          ...buildDataSourceOptions(config, { logger: counter, schema: config.databaseSchema ?? undefined }),
          migrationsRun: true,
          // Fail fast under test; in service, ride out a database that starts after us.
          retryAttempts: config.nodeEnv === 'test' ? 0 : 10,
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        serializeSqliteTransactions(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [ReferenceDataService, { provide: SqlStatementCounter, useValue: counter }],
  exports: [ReferenceDataService, SqlStatementCounter],
})
export class DatabaseModule {}
