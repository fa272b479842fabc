import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The tables whose lists and counts the dashboard reads per dialogue, and the column it orders or groups them by. */
const BY_DIALOGUE: [table: string, column: string][] = [
  ['briefing', 'date'],
  ['commitment', 'status'],
];

/**
 * The dashboard reads one dialogue at a time: its briefings by date (the latest, the first)
 * and its commitments counted by status. With an index on dialogue_id alone, SQLite read every
 * briefing of the dialogue to sort them (90-130 ms a page on the scale dataset's 40,000) and
 * every commitment row to count them (110 ms for 90,000). (dialogue_id, date) gives the
 * briefings in order and (dialogue_id, status) counts from the index alone; each replaces the
 * index on dialogue_id, its prefix, which still serves the foreign key. Names come from the
 * naming strategy.
 */
export class DialogueIndexes1764370000000 implements MigrationInterface {
  name = 'DialogueIndexes1764370000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of BY_DIALOGUE) {
      await this.dropIndexOn(queryRunner, table, ['dialogue_id']);
      await queryRunner.createIndex(table, new TableIndex({ columnNames: ['dialogue_id', column] }));
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of BY_DIALOGUE) {
      await this.dropIndexOn(queryRunner, table, ['dialogue_id', column]);
      await queryRunner.createIndex(table, new TableIndex({ columnNames: ['dialogue_id'] }));
    }
  }

  private async dropIndexOn(queryRunner: QueryRunner, tableName: string, columns: string[]): Promise<void> {
    const table = (await queryRunner.getTable(tableName))!;
    const index = table.indices.find((i) => i.columnNames.join() === columns.join());
    if (index) await queryRunner.dropIndex(table, index);
  }
}
