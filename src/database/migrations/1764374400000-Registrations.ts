import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Participants' registrations, with the seat and waiting-list rules enforced by indexes too. */
export class Registrations1764374400000 implements MigrationInterface {
  name = 'Registrations1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'registrations',
        columns: [
          c.id(),
          c.uuid('consultationId'),
          c.uuid('organisationId'),
          c.uuid('registeredById'),
          c.varchar('participantName', 200),
          c.varchar('participantEmail', 254),
          c.varchar('position', 200, { default: "''" }),
          c.varchar('gender', 20),
          c.varchar('nationality', 2),
          { name: 'accessibilityNeeds', type: 'text', default: "''" },
          { name: 'dietaryNeeds', type: 'text', default: "''" },
          c.boolean('needsVisaLetter'),
          c.boolean('publishConsent'),
          c.varchar('status', 20),
          { name: 'waitlistSeq', type: postgres ? 'double precision' : 'double', isNullable: true },
          c.timestamp('offerExpiresAt', true),
          c.timestamp('checkedInAt', true),
          c.varchar('submissionId', 64, { isNullable: true }),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          {
            name: 'IDX_registrations_queue',
            columnNames: ['consultationId', 'status', 'waitlistSeq'],
          },
          {
            name: 'IDX_registrations_organisation',
            columnNames: ['organisationId', 'consultationId'],
          },
          {
            name: 'UQ_registrations_participant',
            columnNames: ['consultationId', 'participantEmail'],
            isUnique: true,
            where: `"status" IN ('pending', 'confirmed', 'waitlisted', 'offered')`,
          },
          { name: 'UQ_registrations_submission', columnNames: ['submissionId'], isUnique: true },
        ],
        foreignKeys: [
          c.references('consultationId', 'consultations'),
          c.references('organisationId', 'organisations'),
          c.references('registeredById', 'users'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('registrations');
  }
}
