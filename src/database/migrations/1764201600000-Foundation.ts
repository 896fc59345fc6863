import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Accounts, sessions, rate limits, outbox, audit, and the organisation and consultation records. */
export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.varchar('email', 254),
          c.varchar('name', 200),
          c.varchar('passwordHash', 255),
          c.varchar('role', 20, { default: "'cso'" }),
          c.varchar('locale', 5, { default: "'en'" }),
          c.timestamp('emailVerifiedAt', true),
          c.timestamp('disabledAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [{ name: 'UQ_users_email', columnNames: ['email'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          c.id(),
          c.uuid('userId'),
          c.varchar('label', 100),
          c.varchar('tokenHash', 64),
          c.timestamp('lastUsedAt', true),
          c.createdAt(),
        ],
        indices: [
          { name: 'IDX_api_tokens_user', columnNames: ['userId'] },
          { name: 'UQ_api_tokens_hash', columnNames: ['tokenHash'], isUnique: true },
        ],
        foreignKeys: [c.references('userId', 'users')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_tokens',
        columns: [
          c.id(),
          c.uuid('userId'),
          c.varchar('purpose', 30),
          c.varchar('tokenHash', 64),
          c.timestamp('expiresAt'),
          c.timestamp('usedAt', true),
          c.createdAt(),
        ],
        indices: [
          { name: 'IDX_account_tokens_user', columnNames: ['userId'] },
          { name: 'UQ_account_tokens_hash', columnNames: ['tokenHash'], isUnique: true },
        ],
        foreignKeys: [c.references('userId', 'users')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'http_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          c.uuid('userId', true),
          { name: 'data', type: 'text' },
          c.timestamp('expiresAt'),
        ],
        indices: [
          { name: 'IDX_http_sessions_user', columnNames: ['userId'] },
          { name: 'IDX_http_sessions_expires', columnNames: ['expiresAt'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_buckets',
        columns: [
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'count', type: 'integer' },
          c.timestamp('windowEndsAt'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          c.id(),
          c.varchar('recipient', 254),
          c.varchar('template', 100),
          c.varchar('locale', 5),
          { name: 'payload', type: 'text' },
          c.varchar('status', 10, { default: "'queued'" }),
          { name: 'attempts', type: 'integer', default: 0 },
          c.timestamp('nextAttemptAt'),
          { name: 'lastError', type: 'text', isNullable: true },
          c.varchar('claimToken', 36, { isNullable: true }),
          c.timestamp('claimedAt', true),
          c.timestamp('sentAt', true),
          c.createdAt(),
        ],
        indices: [{ name: 'IDX_outbox_due', columnNames: ['status', 'nextAttemptAt'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          c.id(),
          c.uuid('actorId', true),
          c.varchar('action', 100),
          c.varchar('entity', 50),
          c.varchar('entityId', 36),
          { name: 'details', type: 'text' },
          c.createdAt('at'),
        ],
        indices: [
          { name: 'IDX_audit_events_entity', columnNames: ['entity', 'entityId'] },
          { name: 'IDX_audit_events_at', columnNames: ['at'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.varchar('acronym', 30, { isNullable: true }),
          c.varchar('nameKey', 200, { default: "''" }),
          c.varchar('acronymKey', 30, { isNullable: true }),
          c.varchar('country', 2),
          c.varchar('region', 20),
          c.varchar('type', 30),
          { name: 'thematicAreas', type: 'text' },
          c.varchar('website', 300, { isNullable: true }),
          c.varchar('email', 254, { isNullable: true }),
          { name: 'description', type: 'text', default: "''" },
          { name: 'foundedYear', type: 'integer', isNullable: true },
          c.boolean('migrantLed'),
          c.boolean('womenLed'),
          c.boolean('youthLed'),
          c.varchar('observerStatus', 20, { default: "'none'" }),
          c.timestamp('observerSince', true),
          { name: 'suspendedReason', type: 'text', isNullable: true },
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'IDX_organisations_country', columnNames: ['country'] },
          { name: 'IDX_organisations_directory', columnNames: ['observerStatus', 'name'] },
          { name: 'IDX_organisations_name_key', columnNames: ['country', 'nameKey'] },
          { name: 'IDX_organisations_acronym_key', columnNames: ['country', 'acronymKey'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'memberships',
        columns: [
          c.id(),
          c.uuid('userId'),
          c.uuid('organisationId'),
          c.varchar('role', 20),
          c.createdAt(),
        ],
        indices: [
          {
            name: 'UQ_memberships_user_organisation',
            columnNames: ['userId', 'organisationId'],
            isUnique: true,
          },
          { name: 'IDX_memberships_organisation', columnNames: ['organisationId'] },
        ],
        foreignKeys: [
          c.references('userId', 'users'),
          c.references('organisationId', 'organisations'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'consultations',
        columns: [
          c.id(),
          c.varchar('title', 200),
          c.varchar('theme', 200),
          { name: 'description', type: 'text', default: "''" },
          c.varchar('venue', 200),
          c.varchar('city', 100),
          c.varchar('country', 2),
          c.varchar('timezone', 60),
          c.timestamp('startsAt'),
          c.timestamp('endsAt'),
          c.timestamp('registrationOpensAt'),
          c.timestamp('registrationClosesAt'),
          { name: 'capacity', type: 'integer' },
          { name: 'perOrganisationLimit', type: 'integer' },
          c.varchar('eligibility', 20, { default: "'observers_only'" }),
          c.boolean('requiresApproval'),
          { name: 'fundingBudgetMinor', type: 'bigint', default: 0 },
          c.varchar('fundingCurrency', 3, { default: "'USD'" }),
          c.timestamp('fundingDeadline', true),
          c.varchar('status', 20, { default: "'draft'" }),
          { name: 'seatsConfirmed', type: 'integer', default: 0 },
          { name: 'seatsOffered', type: 'integer', default: 0 },
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [{ name: 'IDX_consultations_status_starts', columnNames: ['status', 'startsAt'] }],
        checks: [
          {
            name: 'CHK_consultations_seats',
            expression:
              '"seatsConfirmed" >= 0 AND "seatsOffered" >= 0 AND "seatsConfirmed" + "seatsOffered" <= "capacity"',
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'consultation_sessions',
        columns: [
          c.id(),
          c.uuid('consultationId'),
          c.varchar('title', 200),
          c.timestamp('startsAt'),
          c.timestamp('endsAt'),
          { name: 'description', type: 'text', default: "''" },
        ],
        indices: [
          { name: 'IDX_consultation_sessions_consultation', columnNames: ['consultationId'] },
        ],
        foreignKeys: [c.references('consultationId', 'consultations')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'consultation_sessions',
      'consultations',
      'memberships',
      'organisations',
      'audit_events',
      'outbox_messages',
      'rate_limit_buckets',
      'http_sessions',
      'account_tokens',
      'api_tokens',
      'users',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
