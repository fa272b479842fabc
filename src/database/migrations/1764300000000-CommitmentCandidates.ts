import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Commitment candidates proposed by briefing ingest, and their review log. */
export class CommitmentCandidates1764300000000 implements MigrationInterface {
  name = 'CommitmentCandidates1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'commitment_candidate',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'briefing_id', type: 'integer' },
          { name: 'statement_id', type: 'integer' },
          { name: 'start_offset', type: 'integer' },
          { name: 'end_offset', type: 'integer' },
          { name: 'quote', type: 'text' },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'topic_refs', type: 'text' },
          { name: 'party_refs', type: 'text' },
          { name: 'due_date', type: 'date', isNullable: true },
          { name: 'due_date_precision', type: 'varchar', length: '10' },
          { name: 'confidence', type: 'real' },
          { name: 'cue', type: 'varchar', length: '200' },
          { name: 'state', type: 'varchar', length: '10' },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'commitment_id', type: 'integer', isNullable: true },
          { name: 'reviewed_by', type: 'varchar', length: '200', isNullable: true },
          { name: 'reviewed_at', type: timestamp, isNullable: true },
          { name: 'created_at', type: timestamp },
        ],
        foreignKeys: [
          { columnNames: ['briefing_id'], referencedTableName: 'briefing', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['statement_id'], referencedTableName: 'statement', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['commitment_id'], referencedTableName: 'commitment', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
        indices: [{ columnNames: ['briefing_id', 'state'] }, { columnNames: ['statement_id'] }, { columnNames: ['state'] }],
      }),
      false,
      true,
      true,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('commitment_candidate');
  }
}
