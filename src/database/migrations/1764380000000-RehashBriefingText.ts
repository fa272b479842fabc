import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A briefing's identity (text_sha256) becomes the hash of its text with line endings and
 * spaces normalised, so the same transcript saved with CRLF, non-breaking spaces or trailing
 * spaces is found as the same briefing. The stored texts do not change; this recomputes the
 * hash of each briefing whose text differs in its normalised form. Where two briefings
 * recorded before were the same text saved twice, the later one keeps its old hash (the
 * column is unique; nothing is deleted).
 *
 * The rules are copied from identityText (src/briefings/briefing-text.ts) as they stand, so
 * this migration keeps meaning what it meant when it ran.
 */
function identityText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\n+$/g, '')
    .normalize('NFC');
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Briefings read per query: a text may be up to INGEST_MAX_BYTES (2 MB by default). */
const BATCH = 50;

export class RehashBriefingText1764380000000 implements MigrationInterface {
  name = 'RehashBriefingText1764380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.rehash(queryRunner, (text) => sha256(identityText(text)));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.rehash(queryRunner, (text) => sha256(text));
  }

  private async rehash(queryRunner: QueryRunner, hashOf: (text: string) => string): Promise<void> {
    const driver = queryRunner.connection.driver;
    const run = (sql: string, parameters: Record<string, unknown>) => {
      const [query, values] = driver.escapeQueryWithParameters(sql, parameters);
      return queryRunner.query(query, values) as Promise<Array<Record<string, unknown>>>;
    };
    const taken = new Set((await run('SELECT text_sha256 FROM briefing', {})).map((r) => String(r.text_sha256)));
    let after = 0;
    for (;;) {
      const rows = await run(`SELECT id, text, text_sha256 FROM briefing WHERE id > :after ORDER BY id LIMIT ${BATCH}`, { after });
      if (!rows.length) break;
      for (const row of rows) {
        const hash = hashOf(String(row.text));
        const old = String(row.text_sha256);
        if (hash === old || taken.has(hash)) continue;
        await run('UPDATE briefing SET text_sha256 = :hash WHERE id = :id', { hash, id: row.id });
        taken.delete(old);
        taken.add(hash);
      }
      after = Number(rows[rows.length - 1].id);
    }
  }
}
