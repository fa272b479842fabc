import { MigrationInterface, QueryRunner, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Commitment history (docs/commitment-status.md):
 * - a party's events no longer turn into whole-commitment events when the party row goes:
 *   commitment_event.party_id was ON DELETE SET NULL, which would have made them count as the
 *   commitment's own status; it is now NO ACTION (a party with a history cannot be deleted;
 *   deleting the commitment still removes its parties and events together);
 * - as-of reads (statusAt, topicProgress(asOf)) look events up by commitment and validFrom:
 *   (commitment_id, valid_from) replaces the index on commitment_id alone;
 * - party_id and the evidence columns get indexes for their foreign-key checks.
 * Index and foreign-key names come from the naming strategy.
 */
export class CommitmentHistoryIndexes1764310000000 implements MigrationInterface {
  name = 'CommitmentHistoryIndexes1764310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.setPartyOnDelete(queryRunner, 'NO ACTION');
    await this.dropIndexOn(queryRunner, ['commitment_id']);
    await queryRunner.createIndices('commitment_event', [
      new TableIndex({ columnNames: ['commitment_id', 'valid_from'] }),
      new TableIndex({ columnNames: ['party_id'] }),
      new TableIndex({ columnNames: ['evidence_statement_id'] }),
      new TableIndex({ columnNames: ['evidence_outcome_id'] }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const columns of [['evidence_outcome_id'], ['evidence_statement_id'], ['party_id'], ['commitment_id', 'valid_from']]) {
      await this.dropIndexOn(queryRunner, columns);
    }
    await queryRunner.createIndex('commitment_event', new TableIndex({ columnNames: ['commitment_id'] }));
    await this.setPartyOnDelete(queryRunner, 'SET NULL');
  }

  private async setPartyOnDelete(queryRunner: QueryRunner, onDelete: string): Promise<void> {
    const table = (await queryRunner.getTable('commitment_event'))!;
    const current = table.foreignKeys.find((fk) => fk.columnNames.length === 1 && fk.columnNames[0] === 'party_id');
    if (current) await queryRunner.dropForeignKey(table, current);
    await queryRunner.createForeignKey(
      'commitment_event',
      new TableForeignKey({ columnNames: ['party_id'], referencedTableName: 'commitment_party', referencedColumnNames: ['id'], onDelete }),
    );
  }

  private async dropIndexOn(queryRunner: QueryRunner, columns: string[]): Promise<void> {
    const table = (await queryRunner.getTable('commitment_event'))!;
    const index = table.indices.find((i) => i.columnNames.join() === columns.join());
    if (index) await queryRunner.dropIndex(table, index);
  }
}
