import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/**
 * Webhook endpoints (their URL, events and signing secret) and one delivery row per event and
 * endpoint, unique on the pair, which the worker sends and logs (status code, time taken). No
 * foreign key from a delivery to its endpoint: deleting an endpoint deletes its deliveries itself,
 * so a registration written at that very moment never fails on a constraint it cannot know of.
 */
export class Webhooks1765497600000 implements MigrationInterface {
  name = 'Webhooks1765497600000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          c.id(),
          c.varchar('url', 2000),
          { name: 'events', type: 'text', default: "'[]'" },
          // Encrypted with DATA_ENCRYPTION_KEYS (src/common/field-cipher.ts), so longer than the secret.
          c.varchar('secret', 400),
          { ...c.boolean('enabled'), default: true },
          c.timestamp('failingSince', true),
          c.timestamp('disabledForFailuresAt', true),
          c.uuid('createdById', true),
          c.createdAt(),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          c.id(),
          c.uuid('endpointId'),
          c.varchar('eventId', 36),
          c.varchar('event', 50),
          { name: 'body', type: 'text' },
          c.varchar('status', 10, { default: "'queued'" }),
          { name: 'attempts', type: 'integer', default: 0 },
          c.timestamp('nextAttemptAt'),
          c.varchar('claimToken', 36, { isNullable: true }),
          c.timestamp('claimedAt', true),
          c.timestamp('lastAttemptAt', true),
          { name: 'lastStatusCode', type: 'integer', isNullable: true },
          { name: 'lastDurationMs', type: 'integer', isNullable: true },
          c.varchar('lastError', 300, { isNullable: true }),
          c.timestamp('deliveredAt', true),
          c.createdAt(),
        ],
        indices: [
          {
            name: 'UQ_webhook_deliveries_endpoint_event',
            columnNames: ['endpointId', 'eventId'],
            isUnique: true,
          },
          { name: 'IDX_webhook_deliveries_due', columnNames: ['status', 'nextAttemptAt'] },
          { name: 'IDX_webhook_deliveries_endpoint', columnNames: ['endpointId', 'createdAt'] },
        ],
        checks: [
          {
            name: 'CHK_webhook_deliveries_status',
            expression: `"status" IN ('queued', 'sending', 'delivered')`,
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_deliveries');
    await queryRunner.dropTable('webhook_endpoints');
  }
}
