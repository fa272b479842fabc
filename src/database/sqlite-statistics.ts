import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Keeps SQLite's query-planner statistics current, as SQLite advises for long-lived
 * connections: `PRAGMA optimize=0x10002` once the migrations have run (every table checked,
 * ANALYZE bounded by analysis_limit where statistics are missing or stale), `PRAGMA optimize`
 * every hour and when the app closes. Without statistics the planner guesses from the indexes
 * alone: on the scale dataset it took (dialogue_id, status) for the dashboard's overdue page,
 * read all 90,000 commitments of the dialogue and sorted them (80 ms), where the due-date index
 * answers in 0.1 ms. PostgreSQL's autovacuum keeps its own statistics.
 */
@Injectable()
export class SqliteStatistics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SqliteStatistics.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  async onModuleInit(): Promise<void> {
    if (!this.isSqlite) return;
    await this.optimize('PRAGMA optimize=0x10002');
    this.timer = setInterval(() => void this.optimize('PRAGMA optimize'), HOUR_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.isSqlite && this.dataSource.isInitialized) await this.optimize('PRAGMA optimize');
  }

  /** Runs one optimize; a failure (the database busy, say) is logged, never fatal. */
  async optimize(pragma = 'PRAGMA optimize'): Promise<void> {
    try {
      await this.dataSource.query(pragma);
    } catch (error) {
      this.logger.warn(`${pragma} failed: ${(error as Error).message}`);
    }
  }
}
