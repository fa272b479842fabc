import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from 'typeorm';

/**
 * The whole domain model. Written with the QueryRunner schema API so the same migration
 * runs on SQLite and PostgreSQL; only the instant type differs. Index and foreign-key names
 * come from the naming strategy, exactly as the entity metadata computes them.
 */
export class InitialSchema1764288000000 implements MigrationInterface {
  name = 'InitialSchema1764288000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
    const key = (name: string): TableColumnOptions => ({ name, type: 'integer', isPrimary: true });
    const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
    const date = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'date', isNullable });
    const instant = (name: string): TableColumnOptions => ({ name, type: timestamp, isNullable: false });
    const fk = (column: string, referencedTableName: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT', referencedColumn = 'id'): TableForeignKeyOptions => ({
      columnNames: [column],
      referencedTableName,
      referencedColumnNames: [referencedColumn],
      onDelete,
    });
    const index = (columnNames: string[], isUnique = false): TableIndexOptions => ({ columnNames, isUnique });
    const create = (name: string, columns: TableColumnOptions[], foreignKeys: TableForeignKeyOptions[] = [], indices: TableIndexOptions[] = []) =>
      queryRunner.createTable(new Table({ name, columns, foreignKeys, indices }), false, true, true);

    await create('country', [{ name: 'code', type: 'varchar', length: '2', isPrimary: true }, varchar('name', 100)]);

    await create('dialogue', [id, varchar('title', 200), instant('created_at')], [], [index(['title'], true)]);
    await create(
      'dialogue_country',
      [key('dialogue_id'), { name: 'country_code', type: 'varchar', length: '2', isPrimary: true }],
      [fk('dialogue_id', 'dialogue', 'CASCADE'), fk('country_code', 'country', 'RESTRICT', 'code')],
      [index(['country_code'])],
    );

    await create(
      'topic',
      [id, varchar('slug', 80), varchar('title', 200), text('description', true), int('parent_id', true), text('keywords'), instant('created_at'), instant('updated_at')],
      [fk('parent_id', 'topic', 'RESTRICT')],
      [index(['slug'], true), index(['parent_id'])],
    );

    await create(
      'organization',
      [id, varchar('name', 200), varchar('acronym', 40, true), varchar('kind', 20), varchar('country_code', 2, true), instant('created_at'), instant('updated_at')],
      [fk('country_code', 'country', 'RESTRICT', 'code')],
      [index(['name'], true), index(['kind']), index(['country_code'])],
    );

    await create(
      'participant',
      [
        id,
        varchar('name', 200),
        varchar('honorific', 60, true),
        varchar('post', 200, true),
        int('organization_id', true),
        varchar('country_code', 2, true),
        varchar('role', 20),
        { name: 'anonymous', type: 'boolean', isNullable: false },
        text('attribution', true),
        text('aliases'),
        instant('created_at'),
        instant('updated_at'),
      ],
      [fk('organization_id', 'organization', 'SET NULL'), fk('country_code', 'country', 'RESTRICT', 'code')],
      [index(['name']), index(['role']), index(['organization_id']), index(['country_code']), index(['anonymous'])],
    );

    await create(
      'briefing',
      [
        id,
        varchar('title', 500),
        varchar('kind', 100, true),
        date('date'),
        varchar('location', 200, true),
        varchar('medium', 100, true),
        varchar('source_url', 2000, true),
        varchar('start_time', 5, true),
        varchar('end_time', 5, true),
        text('text'),
        varchar('text_sha256', 64),
        int('dialogue_id', true),
        varchar('created_by', 200),
        instant('created_at'),
      ],
      [fk('dialogue_id', 'dialogue', 'SET NULL')],
      [index(['text_sha256'], true), index(['date']), index(['dialogue_id'])],
    );

    await create(
      'briefing_mention',
      [key('briefing_id'), key('participant_id'), text('quote', true)],
      [fk('briefing_id', 'briefing', 'CASCADE'), fk('participant_id', 'participant', 'CASCADE')],
      [index(['participant_id'])],
    );

    await create(
      'statement',
      [
        id,
        int('briefing_id'),
        int('speaker_id', true),
        varchar('speaker_label', 200, true),
        int('turn_index'),
        int('paragraph_index'),
        varchar('kind', 20),
        text('text'),
        int('text_start', true),
        int('text_end', true),
      ],
      [fk('briefing_id', 'briefing', 'CASCADE'), fk('speaker_id', 'participant', 'RESTRICT')],
      [index(['briefing_id', 'turn_index', 'paragraph_index'], true), index(['speaker_id']), index(['kind'])],
    );
    await create(
      'statement_topic',
      [key('statement_id'), key('topic_id'), varchar('cue', 200, true)],
      [fk('statement_id', 'statement', 'CASCADE'), fk('topic_id', 'topic', 'CASCADE')],
      [index(['topic_id'])],
    );

    await create(
      'meeting',
      [id, varchar('title', 500), varchar('kind', 20), varchar('status', 20), date('date'), varchar('location', 200, true), int('dialogue_id', true), instant('created_at'), instant('updated_at')],
      [fk('dialogue_id', 'dialogue', 'SET NULL')],
      [index(['status']), index(['date']), index(['dialogue_id'])],
    );
    await create(
      'meeting_participant',
      [id, int('meeting_id'), int('participant_id'), varchar('side_code', 2, true), varchar('role', 100, true)],
      [fk('meeting_id', 'meeting', 'CASCADE'), fk('participant_id', 'participant', 'CASCADE'), fk('side_code', 'country', 'RESTRICT', 'code')],
      [index(['meeting_id', 'participant_id'], true), index(['participant_id'])],
    );
    await create(
      'meeting_topic',
      [key('meeting_id'), key('topic_id')],
      [fk('meeting_id', 'meeting', 'CASCADE'), fk('topic_id', 'topic', 'CASCADE')],
      [index(['topic_id'])],
    );
    await create(
      'meeting_outcome',
      [id, int('meeting_id'), text('summary'), text('decisions', true), date('held_on'), instant('recorded_at'), varchar('recorded_by', 200)],
      [fk('meeting_id', 'meeting', 'CASCADE')],
      [index(['meeting_id'])],
    );

    await create(
      'commitment',
      [
        id,
        varchar('title', 500),
        text('text'),
        varchar('kind', 20),
        varchar('status', 24),
        date('due_date'),
        varchar('due_date_precision', 10),
        int('dialogue_id', true),
        int('version'),
        varchar('created_by', 200),
        instant('created_at'),
        instant('updated_at'),
      ],
      [fk('dialogue_id', 'dialogue', 'SET NULL')],
      [index(['status']), index(['kind']), index(['due_date']), index(['dialogue_id'])],
    );
    await create(
      'commitment_topic',
      [key('commitment_id'), key('topic_id')],
      [fk('commitment_id', 'commitment', 'CASCADE'), fk('topic_id', 'topic', 'CASCADE')],
      [index(['topic_id'])],
    );
    await create(
      'commitment_party',
      [id, int('commitment_id'), int('organization_id', true), varchar('country_code', 2, true), varchar('status', 24)],
      [fk('commitment_id', 'commitment', 'CASCADE'), fk('organization_id', 'organization', 'RESTRICT'), fk('country_code', 'country', 'RESTRICT', 'code')],
      [index(['commitment_id']), index(['organization_id']), index(['country_code'])],
    );
    await create(
      'source_span',
      [id, int('statement_id'), int('start_offset'), int('end_offset'), text('quote'), int('commitment_id', true), int('meeting_id', true)],
      [fk('statement_id', 'statement', 'CASCADE'), fk('commitment_id', 'commitment', 'CASCADE'), fk('meeting_id', 'meeting', 'CASCADE')],
      [index(['statement_id']), index(['commitment_id']), index(['meeting_id'])],
    );
    await create(
      'commitment_event',
      [
        id,
        int('commitment_id'),
        int('party_id', true),
        varchar('from_status', 24, true),
        varchar('to_status', 24),
        date('valid_from', false),
        instant('recorded_at'),
        varchar('actor', 200),
        text('note', true),
        int('evidence_statement_id', true),
        int('evidence_outcome_id', true),
        varchar('evidence_url', 2000, true),
      ],
      [
        fk('commitment_id', 'commitment', 'CASCADE'),
        fk('party_id', 'commitment_party', 'SET NULL'),
        fk('evidence_statement_id', 'statement', 'SET NULL'),
        fk('evidence_outcome_id', 'meeting_outcome', 'SET NULL'),
      ],
      [index(['commitment_id'])],
    );
    await create(
      'commitment_meeting',
      [key('commitment_id'), key('meeting_id'), varchar('relation', 20), int('outcome_id', true)],
      [fk('commitment_id', 'commitment', 'CASCADE'), fk('meeting_id', 'meeting', 'CASCADE'), fk('outcome_id', 'meeting_outcome', 'SET NULL')],
      [index(['meeting_id'])],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'commitment_meeting',
      'commitment_event',
      'source_span',
      'commitment_party',
      'commitment_topic',
      'commitment',
      'meeting_outcome',
      'meeting_topic',
      'meeting_participant',
      'meeting',
      'statement_topic',
      'statement',
      'briefing_mention',
      'briefing',
      'participant',
      'organization',
      'topic',
      'dialogue_country',
      'dialogue',
      'country',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
