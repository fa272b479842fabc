import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Meeting outcomes get a lifecycle (DRAFT -> FINAL -> SUPERSEDED), a link to the final outcome
 * a correction supersedes (at most one correction each), who edited and finalized them, and
 * their own list of attendees (meeting_outcome_attendee). Outcomes logged before this
 * migration stay DRAFT. Index and foreign-key names come from the naming strategy.
 */
export class MeetingOutcomeLifecycle1764320000000 implements MigrationInterface {
  name = 'MeetingOutcomeLifecycle1764320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.addColumns('meeting_outcome', [
      new TableColumn({ name: 'state', type: 'varchar', length: '10', isNullable: false, default: "'DRAFT'" }),
      new TableColumn({ name: 'supersedes_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'edited_at', type: timestamp, isNullable: true }),
      new TableColumn({ name: 'edited_by', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'finalized_at', type: timestamp, isNullable: true }),
      new TableColumn({ name: 'finalized_by', type: 'varchar', length: '200', isNullable: true }),
    ]);
    await queryRunner.createForeignKey(
      'meeting_outcome',
      new TableForeignKey({ columnNames: ['supersedes_id'], referencedTableName: 'meeting_outcome', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
    );
    await queryRunner.createIndex('meeting_outcome', new TableIndex({ columnNames: ['supersedes_id'], isUnique: true }));

    await queryRunner.createTable(
      new Table({
        name: 'meeting_outcome_attendee',
        columns: [
          { name: 'outcome_id', type: 'integer', isPrimary: true },
          { name: 'participant_id', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['outcome_id'], referencedTableName: 'meeting_outcome', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
          { columnNames: ['participant_id'], referencedTableName: 'participant', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
        ],
        indices: [{ columnNames: ['outcome_id'] }, { columnNames: ['participant_id'] }],
      }),
      false,
      true,
      true,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('meeting_outcome_attendee');
    const table = (await queryRunner.getTable('meeting_outcome'))!;
    const index = table.indices.find((i) => i.columnNames.length === 1 && i.columnNames[0] === 'supersedes_id');
    if (index) await queryRunner.dropIndex(table, index);
    const foreignKey = table.foreignKeys.find((fk) => fk.columnNames.length === 1 && fk.columnNames[0] === 'supersedes_id');
    if (foreignKey) await queryRunner.dropForeignKey(table, foreignKey);
    for (const column of ['finalized_by', 'finalized_at', 'edited_by', 'edited_at', 'supersedes_id', 'state']) await queryRunner.dropColumn('meeting_outcome', column);
  }
}
