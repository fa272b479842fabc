/**
 * Imported FIRST by the specs that are about SQLite files by nature (crash safety, backup and
 * restore). On a PostgreSQL run (DATABASE_URL=postgres://...) they do not skip: this makes the
 * whole spec file run on SQLite files it creates itself. It must load before any entity file,
 * since column types are chosen from DATABASE_URL when those load (src/database/column-types.ts);
 * jest gives each spec file its own modules and its own copy of process.env.
 */
export const postgresRunUrl: string | null = /^postgres/i.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : null;

delete process.env.DATABASE_URL;
delete process.env.DATABASE_SCHEMA;

/** For describe() titles: says plainly which database the spec ran on. */
export const sqliteOnlyNote = postgresRunUrl ? 'SQLite files of its own (this is a PostgreSQL run: SQLite by nature)' : 'SQLite';
