import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Invitations, the directory's search terms, and observer accreditation requests. */
export class Accreditation1764288000000 implements MigrationInterface {
  name = 'Accreditation1764288000000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'organisation_terms',
        columns: [
          { ...c.uuid('organisationId'), isPrimary: true },
          { ...c.varchar('term', 60), isPrimary: true },
        ],
        indices: [{ name: 'IDX_organisation_terms_term', columnNames: ['term', 'organisationId'] }],
        foreignKeys: [c.references('organisationId', 'organisations')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'invitations',
        columns: [
          c.id(),
          c.uuid('organisationId'),
          c.varchar('email', 254),
          c.varchar('role', 20),
          c.varchar('tokenHash', 64),
          c.uuid('invitedById'),
          c.timestamp('expiresAt'),
          c.timestamp('acceptedAt', true),
          c.createdAt(),
        ],
        indices: [
          { name: 'IDX_invitations_organisation', columnNames: ['organisationId'] },
          { name: 'UQ_invitations_token', columnNames: ['tokenHash'], isUnique: true },
        ],
        foreignKeys: [
          c.references('organisationId', 'organisations'),
          c.references('invitedById', 'users'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'accreditation_requests',
        columns: [
          c.id(),
          c.uuid('organisationId'),
          c.uuid('submittedById'),
          { name: 'motivation', type: 'text' },
          { name: 'migrationActivities', type: 'text' },
          c.varchar('status', 20),
          c.timestamp('submittedAt'),
          c.timestamp('decidedAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'IDX_accreditation_requests_organisation', columnNames: ['organisationId'] },
          { name: 'IDX_accreditation_requests_status', columnNames: ['status', 'submittedAt'] },
          {
            name: 'UQ_accreditation_requests_one_open',
            columnNames: ['organisationId'],
            isUnique: true,
            where: `"status" IN ('submitted', 'info_requested')`,
          },
        ],
        foreignKeys: [
          c.references('organisationId', 'organisations'),
          c.references('submittedById', 'users'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'accreditation_documents',
        columns: [
          c.id(),
          c.uuid('requestId'),
          c.varchar('kind', 20),
          c.varchar('originalName', 200),
          c.varchar('storedName', 80),
          { name: 'size', type: 'integer' },
          c.varchar('sha256', 64),
          c.uuid('uploadedById'),
          c.createdAt(),
        ],
        indices: [{ name: 'IDX_accreditation_documents_request', columnNames: ['requestId'] }],
        foreignKeys: [
          c.references('requestId', 'accreditation_requests'),
          c.references('uploadedById', 'users'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'accreditation_events',
        columns: [
          c.id(),
          c.uuid('requestId'),
          c.uuid('actorId'),
          c.varchar('type', 20),
          { name: 'message', type: 'text', default: "''" },
          c.varchar('reasonCode', 40, { isNullable: true }),
          c.createdAt('at'),
        ],
        indices: [{ name: 'IDX_accreditation_events_request', columnNames: ['requestId'] }],
        foreignKeys: [
          c.references('requestId', 'accreditation_requests'),
          c.references('actorId', 'users'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'accreditation_events',
      'accreditation_documents',
      'accreditation_requests',
      'invitations',
      'organisation_terms',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
