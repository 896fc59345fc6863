import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Travel funding: applications per registration, and each consultation's awarded total. */
export class Funding1764460800000 implements MigrationInterface {
  name = 'Funding1764460800000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'funding_budgets',
        columns: [
          { ...c.uuid('consultationId'), isPrimary: true },
          { name: 'awardedMinor', type: 'bigint', default: 0 },
          { name: 'capMinor', type: 'bigint', isNullable: true },
          { name: 'lineKinds', type: 'text' },
        ],
        checks: [{ name: 'CHK_funding_budgets_awarded', expression: '"awardedMinor" >= 0' }],
        foreignKeys: [c.references('consultationId', 'consultations')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'funding_applications',
        columns: [
          c.id(),
          c.uuid('registrationId'),
          c.uuid('consultationId'),
          c.uuid('organisationId'),
          c.uuid('appliedById'),
          { name: 'lines', type: 'text' },
          { name: 'requestedMinor', type: 'bigint' },
          c.varchar('currency', 3),
          c.varchar('departureCity', 100),
          c.varchar('departureCountry', 2),
          { name: 'justification', type: 'text' },
          { name: 'couldAttendWithout', type: 'boolean', default: true },
          c.varchar('status', 20),
          { name: 'awardedMinor', type: 'bigint', isNullable: true },
          { name: 'decisionReason', type: 'text', default: "''" },
          c.uuid('decidedById', true),
          c.timestamp('decidedAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          {
            name: 'UQ_funding_applications_registration',
            columnNames: ['registrationId'],
            isUnique: true,
          },
          {
            name: 'IDX_funding_applications_consultation',
            columnNames: ['consultationId', 'status'],
          },
        ],
        checks: [
          {
            name: 'CHK_funding_applications_amounts',
            expression:
              '"requestedMinor" > 0 AND ("awardedMinor" IS NULL OR ("awardedMinor" > 0 AND "awardedMinor" <= "requestedMinor"))',
          },
        ],
        foreignKeys: [
          c.references('registrationId', 'registrations'),
          c.references('consultationId', 'consultations'),
          c.references('organisationId', 'organisations'),
          c.references('appliedById', 'users'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('funding_applications');
    await queryRunner.dropTable('funding_budgets');
  }
}
