import { backupSqliteDatabase } from '../../database/backup';
import { CliCommand } from '../command';
import { runOnSqliteFile } from '../sqlite-file-command';

const command: CliCommand = {
  name: 'backup',
  usage: `  npm run cli -- backup <file> [--force]
             Copies the SQLite database (DATABASE_URL) into <file> with SQLite's online backup:
             a consistent snapshot, safe while the server runs and writes. The copy is checked
             (integrity_check) before it is given its name. PostgreSQL: use pg_dump (README).
  --force        replace <file> if it exists`,
  options: { force: { type: 'boolean', default: false } },
  run: (args, flags) =>
    runOnSqliteFile(args, { usage: command.usage, postgresAdvice: POSTGRES_BACKUP, what: 'Backup' }, async (sqlitePath, file) => {
      const done = await backupSqliteDatabase(sqlitePath, file, { overwrite: flags.force === true });
      console.log(
        `Backed up ${sqlitePath} to ${done.path}: ${done.pages} pages, ${(done.bytes / 1024 / 1024).toFixed(1)} MB, ` +
          `${done.briefings} briefings, ${done.statements} statements, ${done.commitments} commitments; integrity_check ok (${(done.ms / 1000).toFixed(2)} s)`,
      );
    }),
};

export const POSTGRES_BACKUP = `DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own tools, e.g.
  pg_dump --format=custom --file=tracker.dump "$DATABASE_URL"
(add --schema=NAME when DATABASE_SCHEMA is set); restore with pg_restore (see the README, "Backup and restore").`;

export default command;
