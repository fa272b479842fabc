import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** API tokens for access control: name, role, lookup prefix and SHA-256 hash (never the token). */
export class ApiTokens1764350000000 implements MigrationInterface {
  name = 'ApiTokens1764350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'api_token',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '10' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: timestamp },
          { name: 'created_by', type: 'varchar', length: '200', isNullable: true },
          { name: 'expires_at', type: timestamp, isNullable: true },
          { name: 'revoked_at', type: timestamp, isNullable: true },
        ],
        indices: [{ columnNames: ['prefix'], isUnique: true }],
      }),
      false,
      true,
      true,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_token');
  }
}
