import { restoreSqliteDatabase } from '../../database/backup';
import { CliCommand } from '../command';
import { runOnSqliteFile } from '../sqlite-file-command';

const command: CliCommand = {
  name: 'restore',
  usage: `  npm run cli -- restore <file> [--force]
             Restores a backup into the SQLite database DATABASE_URL names. Stop the server
             first. <file> must be a tracker database that passes integrity_check; it is copied
             beside the target and renamed over it in one step. An existing database is only
             replaced with --force, and is kept beside it as <database>.replaced-<time>.
             PostgreSQL: use pg_restore (README).
  --force        replace the existing database`,
  options: { force: { type: 'boolean', default: false } },
  run: (args, flags) =>
    runOnSqliteFile(args, { usage: command.usage, postgresAdvice: POSTGRES_RESTORE, what: 'Restore' }, async (sqlitePath, file) => {
      const done = await restoreSqliteDatabase(file, sqlitePath, { replace: flags.force === true });
      console.log(`Restored ${file} into ${done.path}: ${done.briefings} briefings, ${done.statements} statements, ${done.commitments} commitments; integrity_check ok`);
      if (done.replacedKeptAt) console.log(`The database it replaced is kept at ${done.replacedKeptAt}`);
      if (done.pendingMigrations.length) console.log(`${done.pendingMigrations.length} migration(s) newer than the backup run when the server starts: ${done.pendingMigrations.join(', ')}`);
    }),
};

export const POSTGRES_RESTORE = `DATABASE_URL is a PostgreSQL database: restore a pg_dump file with PostgreSQL's own tools, server stopped, e.g.
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" tracker.dump
(see the README, "Backup and restore").`;

export default command;
