import { databaseDriverOf } from '../config/configuration';

/**
 * Column types that differ between SQLite and PostgreSQL. Entities and migrations both use
 * these, so the migrated schema and the entity metadata always agree on either driver.
 * The driver is read from DATABASE_URL when the entity files load.
 */
const isPostgres = () => databaseDriverOf(process.env.DATABASE_URL?.trim() || null) === 'postgres';

export const columnTypes = {
  get timestamp(): 'timestamptz' | 'datetime' {
    return isPostgres() ? 'timestamptz' : 'datetime';
  },
};
