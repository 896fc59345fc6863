import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from './columns';

const ACTIVE = `('pending', 'confirmed', 'waitlisted', 'offered')`;

/**
 * Counters instead of counts on the registration path: an organisation's active registrations per
 * consultation (claimed by a conditional update against the limit), and on the consultation the
 * waiting list's length and the last order number handed out (monotonic, so a newcomer's number
 * no longer needs `MAX("waitlistSeq")`). CHECK constraints keep them ≥ 0; the existing rows fill
 * them, and `npm run check-counters` compares them with the rows at any time.
 */
export class RegistrationCounters1765152000000 implements MigrationInterface {
  name = 'RegistrationCounters1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const uuid = postgres ? 'uuid' : 'varchar';
    await queryRunner.query(`CREATE TABLE "registration_counters" (
      "consultationId" ${uuid} NOT NULL REFERENCES "consultations" ("id") ON DELETE CASCADE,
      "organisationId" ${uuid} NOT NULL REFERENCES "organisations" ("id") ON DELETE CASCADE,
      "held" integer NOT NULL DEFAULT 0 CONSTRAINT "CHK_registration_counters_held" CHECK ("held" >= 0),
      CONSTRAINT "PK_registration_counters" PRIMARY KEY ("consultationId", "organisationId")
    )`);
    await addColumn(
      queryRunner,
      'consultations',
      `"waitlistLength" integer NOT NULL DEFAULT 0 CHECK ("waitlistLength" >= 0)`,
    );
    await addColumn(queryRunner, 'consultations', `"waitlistNext" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`INSERT INTO "registration_counters" ("consultationId", "organisationId", "held")
      SELECT "consultationId", "organisationId", COUNT(*) FROM "registrations"
      WHERE "status" IN ${ACTIVE} GROUP BY "consultationId", "organisationId"`);
    // Any rounding of the largest number is within ½ of it, so the next one (+1) lies beyond it.
    await queryRunner.query(`UPDATE "consultations" SET
      "waitlistLength" = (SELECT COUNT(*) FROM "registrations" r
        WHERE r."consultationId" = "consultations"."id" AND r."status" = 'waitlisted'),
      "waitlistNext" = COALESCE((SELECT CAST(MAX(r."waitlistSeq") AS integer) FROM "registrations" r
        WHERE r."consultationId" = "consultations"."id"), 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "waitlistNext"`);
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "waitlistLength"`);
    await queryRunner.query(`DROP TABLE "registration_counters"`);
  }
}
