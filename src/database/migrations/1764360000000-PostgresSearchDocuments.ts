import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each searchable table's PostgreSQL text-search document, as an expression over a row alias. */
export const PG_SEARCH_DOCUMENT = {
  statement: (row: string) => `to_tsvector('english', ${row}.text)`,
  commitment: (row: string) => `to_tsvector('english', ${row}.title || ' ' || ${row}.text)`,
} as const;

export type SearchTable = keyof typeof PG_SEARCH_DOCUMENT;

/** The columns a document is made of: an update of any of them remakes it. */
const SOURCE_COLUMNS: Record<SearchTable, string> = { statement: 'text', commitment: 'title, text' };

/** Fills a `<table>_search` table from its rows (the migration, and copies made with triggers off). */
export function pgSearchBackfillSql(table: SearchTable): string {
  return `INSERT INTO ${table}_search (id, document) SELECT r.id, ${PG_SEARCH_DOCUMENT[table]('r')} FROM ${table} r
    ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document`;
}

/**
 * PostgreSQL only: each statement's and commitment's text-search document stored once, in
 * `statement_search` / `commitment_search` (id, document tsvector; GIN-indexed), kept by
 * triggers on insert and on update of the source columns, removed by the foreign key's cascade.
 * The GIN expression indexes of 1764330000000 found the matches, but ranking them
 * (ts_rank) recomputed to_tsvector over every match's text: a search matching 90,000 of 1M
 * statements spent about 0.8 s of database CPU. Ranking now reads the stored documents.
 * Side tables rather than columns: the entities are shared with SQLite, where FTS5 keeps its
 * own tables, and TypeORM's schema comparison does not look at tables it has no entity for.
 */
export class PostgresSearchDocuments1764360000000 implements MigrationInterface {
  name = 'PostgresSearchDocuments1764360000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    for (const table of Object.keys(PG_SEARCH_DOCUMENT) as SearchTable[]) {
      await queryRunner.query(
        `CREATE TABLE ${table}_search (id integer PRIMARY KEY REFERENCES ${table}(id) ON DELETE CASCADE, document tsvector NOT NULL)`,
      );
      await queryRunner.query(`CREATE FUNCTION ${table}_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO ${table}_search (id, document) VALUES (NEW.id, ${PG_SEARCH_DOCUMENT[table]('NEW')})
            ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
          RETURN NULL;
        END $$`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_search_sync AFTER INSERT OR UPDATE OF ${SOURCE_COLUMNS[table]} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_search_sync()`,
      );
      await queryRunner.query(pgSearchBackfillSql(table));
      await queryRunner.query(`CREATE INDEX "IDX_${table}_search_document" ON ${table}_search USING GIN (document)`);
      await queryRunner.query(`DROP INDEX "IDX_${table}_text_search"`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    for (const table of Object.keys(PG_SEARCH_DOCUMENT) as SearchTable[]) {
      await queryRunner.query(`CREATE INDEX "IDX_${table}_text_search" ON "${table}" USING GIN (${PG_SEARCH_DOCUMENT[table](`"${table}"`)})`);
      await queryRunner.query(`DROP TRIGGER ${table}_search_sync ON ${table}`);
      await queryRunner.query(`DROP FUNCTION ${table}_search_sync()`);
      await queryRunner.query(`DROP TABLE ${table}_search`);
    }
  }
}
