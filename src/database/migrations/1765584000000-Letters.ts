import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/**
 * Visa invitation letters: one row per letter asked for or issued. Personal passport data and the
 * verification code are stored encrypted (text columns holding `v1:<keyId>:…`); the code is
 * looked up by its hash.
 */
export class Letters1765584000000 implements MigrationInterface {
  name = 'Letters1765584000000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'letter_requests',
        columns: [
          c.id(),
          c.uuid('registrationId'),
          c.uuid('consultationId'),
          c.uuid('organisationId'),
          { name: 'participantVersion', type: 'integer' },
          c.uuid('requestedById', true),
          c.varchar('passportName', 200),
          { name: 'dateOfBirth', type: 'text', isNullable: true },
          { name: 'passportNumber', type: 'text', isNullable: true },
          c.varchar('nationality', 2),
          c.varchar('passportExpiry', 10),
          c.varchar('consulateCity', 100),
          c.varchar('consulateCountry', 2),
          c.varchar('arrivalDate', 10),
          c.varchar('departureDate', 10),
          c.varchar('status', 20),
          c.varchar('verificationCodeHash', 64, { isNullable: true }),
          { name: 'verificationCode', type: 'text', isNullable: true },
          c.timestamp('issuedAt', true),
          c.uuid('decidedById', true),
          c.timestamp('decidedAt', true),
          c.timestamp('revokedAt', true),
          { name: 'reason', type: 'text', default: "''" },
          c.uuid('previousId', true),
          c.timestamp('passportErasedAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          {
            name: 'UQ_letter_requests_code',
            columnNames: ['verificationCodeHash'],
            isUnique: true,
          },
          {
            name: 'IDX_letter_requests_registration',
            columnNames: ['registrationId', 'createdAt'],
          },
          { name: 'IDX_letter_requests_queue', columnNames: ['consultationId', 'status'] },
        ],
        checks: [
          {
            name: 'CHK_letter_requests_status',
            expression: `"status" IN ('requested', 'issued', 'declined', 'revoked')`,
          },
        ],
        foreignKeys: [
          c.references('registrationId', 'registrations'),
          c.references('consultationId', 'consultations'),
          c.references('organisationId', 'organisations'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('letter_requests');
  }
}
