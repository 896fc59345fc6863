import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff participant list sorts one consultation's registrations by name or by registration
 * date and reads one page of them: these indexes let the database walk the order instead of
 * sorting every row of the consultation.
 */
export class ListIndexes1765843200000 implements MigrationInterface {
  name = 'ListIndexes1765843200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_registrations_by_name" ON "registrations" ("consultationId", "participantName", "createdAt", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_registrations_by_date" ON "registrations" ("consultationId", "createdAt", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_registrations_by_date"`);
    await queryRunner.query(`DROP INDEX "IDX_registrations_by_name"`);
  }
}
