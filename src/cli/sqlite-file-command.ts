import { loadConfig } from '../config/configuration';
import { BackupRefused } from '../database/backup';

/**
 * What `backup <file>` and `restore <file>` share: one file argument, SQLite only (on
 * PostgreSQL they print how its own tools do it), a refusal reported as `<what> refused: ...`
 * with exit code 1. `work` gets the database's path and the file, and prints its own summary.
 */
export async function runOnSqliteFile(
  args: string[],
  texts: { usage: string; postgresAdvice: string; what: string },
  work: (sqlitePath: string, file: string) => Promise<void>,
): Promise<number> {
  if (args.length !== 1) {
    console.error(texts.usage);
    return 1;
  }
  const config = loadConfig();
  if (config.driver === 'postgres') {
    console.error(texts.postgresAdvice);
    return 1;
  }
  try {
    await work(config.sqlitePath, args[0]);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    console.error(`${texts.what} refused: ${error.message}`);
    return 1;
  }
}
