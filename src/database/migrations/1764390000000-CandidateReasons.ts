import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Commitment candidates keep the reasons the commitment model gave for them (the features that
 * weighed most, e.g. "future+subject:government +0.41"), a JSON list. Candidates proposed before
 * this migration, by cue rules, have none.
 */
export class CandidateReasons1764390000000 implements MigrationInterface {
  name = 'CandidateReasons1764390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('commitment_candidate', new TableColumn({ name: 'reasons', type: 'text', isNullable: false, default: "'[]'" }));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('commitment_candidate', 'reasons');
  }
}
