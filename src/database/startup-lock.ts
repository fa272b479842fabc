import { DataSource } from 'typeorm';

/** One key for every start-up step of every instance (an arbitrary constant: "bilateral-tracker"). */
const STARTUP_LOCK_KEY = 727_110_001;

/**
 * Runs a start-up step (migrations, reference data, demo data, the first token) while holding
 * a PostgreSQL advisory lock, so that N instances starting at once on one database do each step
 * once, one after another, instead of racing (two CREATE TABLEs, two demo briefings). The lock
 * lives in one dedicated session, taken and released around the step. SQLite is one process's
 * file: the step just runs.
 */
export async function withStartupLock<T>(dataSource: DataSource, step: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return step();
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await step();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    await session.release();
  }
}
