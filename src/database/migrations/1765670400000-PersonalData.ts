import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { addColumn, columns } from './columns';

/**
 * Personal data: an admin publishes a consultation's list of consenting participants, and the
 * daily retention job claims its day in `retention_runs`, so that one instance runs it once.
 */
export class PersonalData1765670400000 implements MigrationInterface {
  name = 'PersonalData1765670400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await addColumn(
      queryRunner,
      'consultations',
      `"participantsPublished" boolean NOT NULL DEFAULT ${postgres ? 'false' : '0'}`,
    );
    await queryRunner.createTable(
      new Table({
        name: 'retention_runs',
        columns: [
          c.id(),
          c.varchar('day', 10),
          c.timestamp('startedAt'),
          { name: 'counts', type: 'text', default: "'{}'" },
        ],
        indices: [{ name: 'UQ_retention_runs_day', columnNames: ['day'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('retention_runs');
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "participantsPublished"`);
  }
}
