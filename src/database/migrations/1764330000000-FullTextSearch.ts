import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over statements (text) and commitments (title and text), read by src/search/.
 *
 * SQLite: external-content FTS5 tables (statement_fts, commitment_fts: the rowid is the row's
 * id, the text stays in the table itself) with the porter tokenizer so English words match by
 * stem, kept in sync by triggers on insert, delete (cascaded deletes included) and update of
 * the indexed columns; existing rows are indexed by 'rebuild'.
 * NOTE: TypeORM's SQLite query runner alters a table by recreating it, which drops its triggers:
 * a later migration that changes the statement or commitment table must recreate the triggers
 * below (and 'rebuild' both indexes).
 *
 * PostgreSQL: GIN expression indexes on to_tsvector('english', ...), which PostgreSQL keeps in
 * sync with every write and builds for existing rows. src/search/ queries the same expressions
 * (they must stay identical for the planner to use the indexes). Expression indexes are outside
 * TypeORM's schema comparison, so the entities need no change.
 */
export class FullTextSearch1764330000000 implements MigrationInterface {
  name = 'FullTextSearch1764330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE INDEX "IDX_statement_text_search" ON "statement" USING GIN (to_tsvector('english', "text"))`);
      await queryRunner.query(`CREATE INDEX "IDX_commitment_text_search" ON "commitment" USING GIN (to_tsvector('english', "title" || ' ' || "text"))`);
      return;
    }
    for (const [table, columns] of SQLITE_INDEXED) {
      const news = columns.map((c) => `new.${c}`).join(', ');
      const olds = columns.map((c) => `old.${c}`).join(', ');
      const list = columns.join(', ');
      await queryRunner.query(
        `CREATE VIRTUAL TABLE ${table}_fts USING fts5(${list}, content='${table}', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')`,
      );
      await queryRunner.query(`CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN
        INSERT INTO ${table}_fts (rowid, ${list}) VALUES (new.id, ${news});
      END`);
      await queryRunner.query(`CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN
        INSERT INTO ${table}_fts (${table}_fts, rowid, ${list}) VALUES ('delete', old.id, ${olds});
      END`);
      await queryRunner.query(`CREATE TRIGGER ${table}_fts_update AFTER UPDATE OF ${list} ON ${table} BEGIN
        INSERT INTO ${table}_fts (${table}_fts, rowid, ${list}) VALUES ('delete', old.id, ${olds});
        INSERT INTO ${table}_fts (rowid, ${list}) VALUES (new.id, ${news});
      END`);
      await queryRunner.query(`INSERT INTO ${table}_fts (${table}_fts) VALUES ('rebuild')`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP INDEX "IDX_commitment_text_search"`);
      await queryRunner.query(`DROP INDEX "IDX_statement_text_search"`);
      return;
    }
    for (const [table] of [...SQLITE_INDEXED].reverse()) {
      for (const op of ['update', 'delete', 'insert']) await queryRunner.query(`DROP TRIGGER ${table}_fts_${op}`);
      await queryRunner.query(`DROP TABLE ${table}_fts`);
    }
  }
}

/** Table -> indexed columns (the FTS5 columns carry the same names as the table's). */
const SQLITE_INDEXED: [string, string[]][] = [
  ['statement', ['text']],
  ['commitment', ['title', 'text']],
];
