import { loadConfig } from '../../config/configuration';
import { BackupRefused, backupSqliteDatabase } from '../../database/backup';
import { CliCommand } from '../command';

const command: CliCommand = {
  name: 'backup',
  usage: `  npm run cli -- backup <file> [--force]
             Copies the SQLite database (DATABASE_URL) into <file> with SQLite's online backup:
             a consistent snapshot, safe while the server runs and writes. The copy is checked
             (integrity_check) before it is given its name. PostgreSQL: use pg_dump (README).
  --force        replace <file> if it exists`,
  options: { force: { type: 'boolean', default: false } },
  async run(args, flags) {
    if (args.length !== 1) {
      console.error(command.usage);
      return 1;
    }
    const config = loadConfig();
    if (config.driver === 'postgres') {
      console.error(POSTGRES_BACKUP);
      return 1;
    }
    try {
      const done = await backupSqliteDatabase(config.sqlitePath, args[0], { overwrite: flags.force === true });
      console.log(
        `Backed up ${config.sqlitePath} to ${done.path}: ${done.pages} pages, ${(done.bytes / 1024 / 1024).toFixed(1)} MB, ` +
          `${done.briefings} briefings, ${done.statements} statements, ${done.commitments} commitments; integrity_check ok (${(done.ms / 1000).toFixed(2)} s)`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof BackupRefused)) throw error;
      console.error(`Backup refused: ${error.message}`);
      return 1;
    }
  },
};

export const POSTGRES_BACKUP = `DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own tools, e.g.
  pg_dump --format=custom --file=tracker.dump "$DATABASE_URL"
(add --schema=NAME when DATABASE_SCHEMA is set); restore with pg_restore (see the README, "Backup and restore").`;

export default command;
