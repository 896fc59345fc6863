import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from './columns';

/**
 * A registration keeps evolving after it is confirmed: its participant may be edited or
 * substituted (the participant version moves on, revoking the old badge, link and calendar entry),
 * a substitution may wait for a reviewer, and a participant without an account acts on their seat
 * through a link whose token is kept only as a hash. A consultation gains a modification deadline
 * and the SEQUENCE of its calendar entry, raised each time its dates, venue or agenda change.
 */
export class RegistrationChanges1765065600000 implements MigrationInterface {
  name = 'RegistrationChanges1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const timestamp = postgres ? 'timestamptz' : 'datetime';
    await addColumn(
      queryRunner,
      'registrations',
      `"participantVersion" integer NOT NULL DEFAULT 1 CHECK ("participantVersion" >= 1)`,
    );
    await addColumn(queryRunner, 'registrations', `"participantTokenHash" varchar(64)`);
    await addColumn(queryRunner, 'registrations', `"pendingSubstitute" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_registrations_participant_token" ON "registrations" ("participantTokenHash")`,
    );
    await addColumn(queryRunner, 'consultations', `"modificationDeadline" ${timestamp}`);
    await addColumn(
      queryRunner,
      'consultations',
      `"calendarSequence" integer NOT NULL DEFAULT 0 CHECK ("calendarSequence" >= 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_registrations_participant_token"`);
    for (const column of ['pendingSubstitute', 'participantTokenHash', 'participantVersion']) {
      await queryRunner.query(`ALTER TABLE "registrations" DROP COLUMN "${column}"`);
    }
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "calendarSequence"`);
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "modificationDeadline"`);
  }
}
